#!/usr/bin/env bash
# Run a command (the test suite) with a real PostgreSQL server on 127.0.0.1 for the storage
# tests: installed (Debian package) where it can be, started, named by TEST_POSTGRES_URL, and
# stopped afterwards if this script started it. Where it cannot be, the PostgreSQL cases are
# skipped and say so. A TEST_POSTGRES_URL already set is used as it is.
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
if [ -z "${TEST_POSTGRES_URL:-}" ]; then
  trap 'bash "$here/postgres.sh" stop' EXIT
  if url="$(bash "$here/postgres.sh" start)"; then
    export TEST_POSTGRES_URL="$url"
    echo "PostgreSQL test database: ${url%%:*}://…@${url##*@}"
  else
    echo "warning: PostgreSQL unavailable; its test cases will be skipped" >&2
  fi
fi
"$@"
