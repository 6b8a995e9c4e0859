#!/usr/bin/env bash
# make demo: an embedded SQLite database with the Zhangwan demo street, served locally.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
export DEBUG=true
export DATABASE_URL="${DEMO_DATABASE_URL:-sqlite:///$PWD/db.sqlite3}"
PORT="${PORT:-8000}"

if ! $PY scripts/services.py redis >/dev/null 2>&1; then
  echo "Redis is not running: the demo keeps its cache in memory (Celery reminders need Redis)."
  export CACHE_BACKEND=locmem
fi

if [ ! -s .demo-password ]; then
  $PY -c 'import secrets; print(secrets.token_urlsafe(12))' > .demo-password
fi
export DEMO_PASSWORD="$(cat .demo-password)"

$PY manage.py migrate --no-input -v 0
$PY manage.py load_demo --street zhangwan
$PY manage.py demo_admin --username admin

cat <<TXT

  The portal:      http://127.0.0.1:$PORT/
  The back office: http://127.0.0.1:$PORT/admin/
  API docs:        http://127.0.0.1:$PORT/api/docs/
  Sign in as:      admin / $DEMO_PASSWORD
  Other demo accounts (same password): python manage.py load_demo --list-accounts

TXT
exec $PY manage.py runserver "127.0.0.1:$PORT"
