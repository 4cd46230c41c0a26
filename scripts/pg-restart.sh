#!/usr/bin/env bash
# Restarts the throwaway PostgreSQL of ./test.sh (for tests that restart the database mid-run).
# Usage: scripts/pg-restart.sh [seconds down] [crash]
# With "crash", the server is stopped as if it had crashed (-m immediate: no checkpoint, every backend killed), so the
# start runs crash recovery from the WAL.
set -euo pipefail
down=${1:-0}
mode=fast
[ "${2:-}" = crash ] && mode=immediate
run() { if [ "$(id -u)" -eq 0 ]; then runuser -u "$EMBER_TEST_PG_USER" -- "$@"; else "$@"; fi; }
run "$EMBER_TEST_PG_BIN/pg_ctl" -D "$EMBER_TEST_PG_DATA" -m "$mode" -w stop > /dev/null
sleep "$down"
run "$EMBER_TEST_PG_BIN/pg_ctl" -D "$EMBER_TEST_PG_DATA" -l "$EMBER_TEST_PG_DATA/../postgres.log" -w start > /dev/null
