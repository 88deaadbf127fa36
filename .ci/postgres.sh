#!/usr/bin/env bash
# Start this machine's PostgreSQL (installing it where missing) and make a throwaway role that can create
# databases. Sourced by .ci/run and loadtest/run.sh. Sets PG_VERSION.
set -euo pipefail
if ! ls /etc/postgresql/*/main >/dev/null 2>&1; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql
fi
PG_VERSION=$(ls /etc/postgresql | sort -n | tail -1)
pg_ctlcluster "$PG_VERSION" main start 2>/dev/null || true
for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 && break; sleep 1; done
su postgres -c "psql -q -v ON_ERROR_STOP=1 -c \"DO \\\$\\\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'lscb_ci') THEN
    CREATE ROLE lscb_ci LOGIN PASSWORD 'lscb_ci' CREATEDB;
  END IF; END \\\$\\\$;\""
export PG_VERSION
