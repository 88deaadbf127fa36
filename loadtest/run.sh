#!/usr/bin/env bash
# make loadtest: gunicorn + PostgreSQL on this machine, 10 simulated users for 2 minutes, then again with
# PostgreSQL stopped for 10 s mid-run. Loopback only; bounded in time; stops by itself.
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_PER_RUN=${LOADTEST_SECONDS:-120}
source .ci/postgres.sh
su postgres -c "dropdb --if-exists lscb_load && createdb -O lscb_ci lscb_load"
export DATABASE_URL="postgres://lscb_ci:lscb_ci@127.0.0.1:5432/lscb_load"
DJANGO_SETTINGS_MODULE=lscb.settings.dev .venv/bin/python manage.py migrate -v0
DJANGO_SETTINGS_MODULE=lscb.settings.dev .venv/bin/python manage.py load_seed_boards
DJANGO_SETTINGS_MODULE=lscb.settings.dev .venv/bin/python manage.py create_demo_accounts

export DJANGO_SETTINGS_MODULE=lscb.settings.loadtest
export SECRET_KEY="$(.venv/bin/python -c 'import secrets; print(secrets.token_urlsafe(64))')"
export ALLOWED_HOSTS=127.0.0.1
.venv/bin/python manage.py collectstatic --noinput -v0
.venv/bin/gunicorn lscb.wsgi --bind 127.0.0.1:8765 --workers 3 --timeout 120 --graceful-timeout 10 \
  --env DJANGO_SETTINGS_MODULE=lscb.settings.loadtest --log-level warning &
GUNICORN=$!
trap 'kill $GUNICORN 2>/dev/null || true' EXIT
for _ in $(seq 1 30); do .venv/bin/python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8765/accounts/login/', timeout=2)" 2>/dev/null && break; sleep 1; done

status=0
echo "== 10 users, ${SECONDS_PER_RUN} s, steady"
PYTHONPATH=. .venv/bin/python loadtest/clients.py --users 10 --seconds "$SECONDS_PER_RUN" --label steady || status=1
echo "== 10 users, ${SECONDS_PER_RUN} s, PostgreSQL stopped after $((SECONDS_PER_RUN / 2)) s for 10 s, then started"
PYTHONPATH=. .venv/bin/python loadtest/clients.py --users 10 --seconds "$SECONDS_PER_RUN" --restart-postgres-at $((SECONDS_PER_RUN / 2)) --label restart || status=1
exit $status
