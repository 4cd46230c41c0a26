#!/usr/bin/env bash
# Restarts the throwaway PostgreSQL of ./test.sh (for tests that restart the database mid-run).
# Usage: scripts/pg-restart.sh [seconds down]
set -euo pipefail
down=${1:-0}
run() { if [ "$(id -u)" -eq 0 ]; then runuser -u "$EMBER_TEST_PG_USER" -- "$@"; else "$@"; fi; }
run "$EMBER_TEST_PG_BIN/pg_ctl" -D "$EMBER_TEST_PG_DATA" -m fast -w stop > /dev/null
sleep "$down"
run "$EMBER_TEST_PG_BIN/pg_ctl" -D "$EMBER_TEST_PG_DATA" -l "$EMBER_TEST_PG_DATA/../postgres.log" -w start > /dev/null
