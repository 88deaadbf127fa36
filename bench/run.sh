#!/usr/bin/env bash
# make bench: starts this machine's PostgreSQL (installing it where missing, .ci/postgres.sh), makes a database of
# the benchmark's own afresh (never CI's lscb_ci), then bench/run.py: the table, and JSON in bench/results/.
set -euo pipefail
cd "$(dirname "$0")/.."
source .ci/postgres.sh
DB="${BENCH_DATABASE:-lscb_bench}"
su postgres -c "dropdb --if-exists $DB" >/dev/null
su postgres -c "createdb -O lscb_ci $DB"
export DATABASE_URL="postgres://lscb_ci:lscb_ci@127.0.0.1:5432/$DB"
export DJANGO_SETTINGS_MODULE=bench.settings
exec .venv/bin/python bench/run.py
