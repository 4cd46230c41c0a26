#!/usr/bin/env bash
# Runs every Ember test: builds the solution in Release, runs each test project, then runs the quick start and the
# package smoke test (scripts/package_smoke.sh) as one test each. Ends with one line "N passed, N failed"; exits
# non-zero if anything failed or was skipped.
set -euo pipefail
cd "$(dirname "$0")"
root=$(pwd)
work="$root/.test-work"
rm -rf "$work" && mkdir -p "$work/results"

source scripts/prerequisites.sh
source scripts/services.sh
trap stop_services EXIT
echo "== services"
start_postgres
start_redis
start_redis_cluster

echo "== build"
dotnet build Ember.sln -c Release -nologo -v quiet -warnaserror

echo "== tests"
test_status=0
# -m:1: one test project at a time. The projects share the throwaway servers, and the process tests restart them.
dotnet test Ember.sln -c Release --no-build -nologo -m:1 \
  --logger "trx" --logger "console;verbosity=minimal" --results-directory "$work/results" \
  --blame-hang-timeout 5m || test_status=$?

echo "== quick start (samples/QuickStart --exit-when-done)"
quickstart_passed=0
if dotnet run -c Release --no-build --project samples/QuickStart -- --exit-when-done > "$work/quickstart.log" 2>&1; then
  quickstart_passed=1
  grep "Quick start" "$work/quickstart.log"
else
  echo "quick start FAILED; its output:"; cat "$work/quickstart.log"
fi

echo "== package smoke (scripts/package_smoke.sh: the packages alone, in a fresh project)"
smoke_passed=0
if scripts/package_smoke.sh "$work/package-smoke" > "$work/package-smoke.log" 2>&1; then
  smoke_passed=1
  grep "Package smoke" "$work/package-smoke.log"
else
  echo "package smoke FAILED; its output:"; tail -50 "$work/package-smoke.log"
fi

read -r passed failed skipped < <(python3 scripts/trx_summary.py "$work/results")
passed=$((passed + quickstart_passed + smoke_passed))
failed=$((failed + 2 - quickstart_passed - smoke_passed))
if [ "$skipped" -gt 0 ]; then
  echo "$skipped tests were skipped: under ./test.sh every test must run."
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$skipped" -eq 0 ] && [ "$test_status" -eq 0 ]
