#!/usr/bin/env bash
# Install (Debian package), start and stop the PostgreSQL server that the storage tests use
# (called by tests/with_postgres.sh, which `make test` runs).
# `start` prints the SQLAlchemy URL of an empty test database on 127.0.0.1; `stop` stops the
# server only if `start` started it.
set -euo pipefail
STATE=/tmp/sportello-test-postgres.started
ROLE=sportello_ci
DB=sportello_ci
PASSWORD=sportello_ci

version() { ls /usr/lib/postgresql 2>/dev/null | sort -n | tail -1; }

case "${1:-}" in
  start)
    if [ "$(id -u)" != 0 ]; then
      # Starting a cluster and creating the test role need root (`su postgres` would ask for
      # a password); a developer's own server can be named with TEST_POSTGRES_URL instead.
      echo "postgres: needs root here; set TEST_POSTGRES_URL to use a server of yours" >&2
      exit 1
    fi
    if [ -z "$(version)" ]; then
      if ! command -v apt-get >/dev/null; then
        echo "postgres: not installed and cannot install it here" >&2; exit 1
      fi
      apt-get update -qq >&2
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
    fi
    v="$(version)"
    if ! pg_lsclusters -h | grep -q "^$v main .* online"; then
      [ -d "/etc/postgresql/$v/main" ] || pg_createcluster "$v" main >&2
      pg_ctlcluster "$v" main start >&2
      touch "$STATE"
    fi
    su postgres -c "psql -qtAc \"SELECT 1 FROM pg_roles WHERE rolname='$ROLE'\"" | grep -q 1 \
      || su postgres -c "psql -qc \"CREATE ROLE $ROLE LOGIN PASSWORD '$PASSWORD'\"" >&2
    su postgres -c "psql -qtAc \"SELECT 1 FROM pg_database WHERE datname='$DB'\"" | grep -q 1 \
      || su postgres -c "psql -qc \"CREATE DATABASE $DB OWNER $ROLE\"" >&2
    port="$(pg_lsclusters -h | awk -v v="$v" '$1 == v && $2 == "main" {print $3}')"
    echo "postgresql+asyncpg://$ROLE:$PASSWORD@127.0.0.1:$port/$DB"
    ;;
  stop)
    if [ -f "$STATE" ]; then
      pg_ctlcluster "$(version)" main stop >&2 || true
      rm -f "$STATE"
    fi
    ;;
  *)
    echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
