#!/usr/bin/env bash
# Restarts the throwaway Redis of ./test.sh (AOF on, so acknowledged writes survive); for restart tests.
# Usage: scripts/redis-restart.sh [seconds down] [crash]
# With "crash", the server is killed with SIGKILL instead of shut down, so the start replays the AOF; the test server
# runs with appendfsync always (scripts/services.sh), so nothing acknowledged is lost.
set -euo pipefail
down=${1:-0}
port=${EMBER_TEST_REDIS##*:}
if [ "${2:-}" = crash ]; then
  kill -9 "$(cat "$EMBER_TEST_REDIS_DIR/redis.pid")"
  rm -f "$EMBER_TEST_REDIS_DIR/redis.pid"
else
  redis-cli -p "$port" shutdown > /dev/null 2>&1 || true
fi
for _ in $(seq 100); do redis-cli -p "$port" ping > /dev/null 2>&1 || break; sleep 0.05; done
sleep "$down"
redis-server "$EMBER_TEST_REDIS_DIR/redis.conf"
for _ in $(seq 100); do redis-cli -p "$port" ping > /dev/null 2>&1 && break; sleep 0.05; done
