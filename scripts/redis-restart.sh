#!/usr/bin/env bash
# Restarts the throwaway Redis of ./test.sh (AOF on, so acknowledged writes survive); for restart tests.
# Usage: scripts/redis-restart.sh [seconds down]
set -euo pipefail
down=${1:-0}
port=${EMBER_TEST_REDIS##*:}
redis-cli -p "$port" shutdown > /dev/null 2>&1 || true
for _ in $(seq 100); do redis-cli -p "$port" ping > /dev/null 2>&1 || break; sleep 0.05; done
sleep "$down"
redis-server "$EMBER_TEST_REDIS_DIR/redis.conf"
for _ in $(seq 100); do redis-cli -p "$port" ping > /dev/null 2>&1 && break; sleep 0.05; done
