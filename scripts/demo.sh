#!/usr/bin/env bash
# make demo: an embedded SQLite database with the Zhangwan demo street, served locally.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
export DEBUG=true
export DATABASE_URL="${DEMO_DATABASE_URL:-sqlite:///$PWD/db.sqlite3}"
PORT="${PORT:-8000}"
# The links in e-mails and text messages point at this server.
export SITE_URL="${SITE_URL:-http://127.0.0.1:$PORT}"
# E-mail reminders land as files in .outbox/ (one file per message), the demo's outbox.
export EMAIL_BACKEND="${EMAIL_BACKEND:-django.core.mail.backends.filebased.EmailBackend}"

REDIS=yes
if ! $PY scripts/services.py redis >/dev/null 2>&1; then
  echo "Redis is not running: the demo keeps its cache in memory and runs Celery's tasks"
  echo "(imports, reminders) inside the web process instead of a worker."
  export CACHE_BACKEND=locmem CELERY_TASK_ALWAYS_EAGER=true
  REDIS=no
fi

if [ ! -s .demo-password ]; then
  $PY -c 'import secrets; print(secrets.token_urlsafe(12))' > .demo-password
fi
export DEMO_PASSWORD="$(cat .demo-password)"

$PY manage.py migrate --no-input -v 0
# Loading a year of the street tells its people what happened (the outboxes fill); the log of
# each message would bury the accounts printed below.
LOG_LEVEL=WARNING $PY manage.py load_demo --street zhangwan
LOG_LEVEL=WARNING $PY manage.py demo_admin --username admin
# The pass the Celery beat schedule runs every 15 minutes; run once now so the lists fill.
LOG_LEVEL=WARNING $PY manage.py send_reminders > /dev/null

cat <<TXT

  The portal:      http://127.0.0.1:$PORT/
  Sign in (every role): http://127.0.0.1:$PORT/accounts/login/   (user name or phone, or a code by SMS)
  The back office (staff): http://127.0.0.1:$PORT/admin/
  API docs:        http://127.0.0.1:$PORT/api/docs/
  Password of every demo account: $DEMO_PASSWORD   (admin / $DEMO_PASSWORD is the superuser)

  The demo accounts, by role, and where each signs in:
TXT
$PY manage.py load_demo --list-accounts --street zhangwan | sed 's/^/    /'
cat <<TXT

  Development outboxes: e-mail in .outbox/, text messages (SMS codes too) in .outbox/sms/
  In-app notifications: /notifications/   Reminder ledger: /admin/notifications/reminder/

TXT
if [ "$REDIS" = yes ]; then
  # A Celery worker with the beat schedule beside the web server, stopped with it.
  .venv/bin/celery -A config worker --beat --pool=solo --loglevel=warning >.celery.log 2>&1 &
  WORKER=$!
  trap 'kill $WORKER 2>/dev/null' EXIT INT TERM
  echo "  Celery worker: running (log in .celery.log)"
fi
$PY manage.py runserver "127.0.0.1:$PORT"
