#!/usr/bin/env bash
# make test: the whole suite, on PostgreSQL and Redis where the machine has them.
# With CI=true a missing PostgreSQL or Redis is an error, never a silent fallback.
set -uo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
CI="${CI:-false}"

if [ -z "${DATABASE_URL:-}" ] || [[ "${DATABASE_URL}" == postgres* ]]; then
  export DATABASE_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/alliance}"
  if found=$($PY scripts/services.py postgres); then
    echo "Database: $found (test database created by the suite)"
  elif [ "$CI" = "true" ]; then
    echo "ERROR: PostgreSQL is required in CI but is not reachable ($found)." >&2
    exit 1
  else
    echo "WARNING: PostgreSQL not reachable ($found); running on SQLite instead." >&2
    export DATABASE_URL="sqlite:///$PWD/test-db.sqlite3"
    echo "Database: SQLite (fallback)"
  fi
else
  echo "Database: $DATABASE_URL"
fi

# Tests keep their cache in Redis database 15 (tests/conftest.py), so flushing it touches nothing else.
export TEST_REDIS_URL="${TEST_REDIS_URL:-redis://127.0.0.1:6379/15}"
if found=$(REDIS_URL="$TEST_REDIS_URL" $PY scripts/services.py redis); then
  echo "Redis: $found (base database ${TEST_REDIS_URL##*/}; each parallel worker the number minus its index)"
  export ALLIANCE_TEST_REDIS=1
elif [ "$CI" = "true" ]; then
  echo "ERROR: Redis is required in CI but is not reachable ($found)." >&2
  exit 1
else
  echo "WARNING: Redis not reachable ($found): the tests marked 'redis' will NOT run." >&2
  export ALLIANCE_TEST_REDIS=0 CACHE_BACKEND=locmem REDIS_URL="$TEST_REDIS_URL"
fi

# Browser tests drive the system Chromium (Debian's package) with Playwright.
if ! command -v chromium >/dev/null 2>&1 && [ "$CI" = "true" ] && [ "$(id -u)" = "0" ]; then
  echo "Installing Debian's chromium for the browser tests..."
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver fonts-noto-cjk) >/dev/null 2>&1
fi
if command -v chromium >/dev/null 2>&1; then
  export ALLIANCE_TEST_BROWSER="$(command -v chromium)"
  echo "Browser: $("$ALLIANCE_TEST_BROWSER" --version 2>/dev/null | head -1)"
elif [ "$CI" = "true" ]; then
  echo "ERROR: Chromium is required in CI for the browser tests but could not be installed." >&2
  exit 1
else
  echo "WARNING: Chromium not found: the tests marked 'browser' will NOT run." >&2
fi

# One pytest-xdist worker per core (TEST_WORKERS=N to choose, 0 for one process). Each worker
# has its own test database (pytest-django adds _gw0, _gw1, ...) and Redis database
# (tests/conftest.py). --dist loadgroup with the groups tests/conftest.py gives (a file's ordinary
# tests, a file's transactional tests) keeps a file's tests on one worker, so rows a module builds
# once and the browser tests' Chromium are set up once per file, and runs the flushing
# transactional tests after the others on each worker, as the serial run does.
WORKERS="${TEST_WORKERS:-$(nproc 2>/dev/null || echo 1)}"
PARALLEL=()
if [ "$WORKERS" != "0" ] && [ "$WORKERS" != "1" ]; then
  PARALLEL=(-n "$WORKERS" --dist loadgroup)
fi
echo "Workers: ${WORKERS}"
$PY -m pytest "${PARALLEL[@]}" --durations=15 "$@"
