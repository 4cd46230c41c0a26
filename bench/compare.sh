#!/usr/bin/env bash
# Runs Ember's benchmark and the Hangfire 1.8 anchor on one storage, one right after the other, prints a table of both
# with their ratio, and writes the results into bench/results/<storage>.json, docs/benchmarks.md and the chart
# bench/results/chart.svg (through bench/report.py).
#
#   bench/compare.sh inmemory                  # Ember vs Hangfire: throughput, then latency
#   bench/compare.sh postgres|redis            # Ember vs Hangfire: throughput, latency in one process and (Ember)
#                                              # across two; postgres also runs the backlog of 1,000,000 jobs and,
#                                              # after each throughput pair, pgbench inserting one row per
#                                              # transaction from one client (issue 4 compares enqueue with it)
#   bench/compare.sh sqlite                    # Ember only (Hangfire has no official SQLite store): throughput,
#                                              # latency in one process and across two, backlog of 1,000,000 jobs
#   bench/compare.sh sqlite --backlog 200000   # a smaller backlog;  --no-backlog skips it
#   PostgreSQL and Redis are found as the anchor finds them: BENCH_PG (a connection string naming a database the
#   benchmarks may drop; Ember uses ember_bench, Hangfire hangfire_bench) and BENCH_REDIS, defaulting to
#   127.0.0.1:5432 (user and password postgres) and 127.0.0.1:6379.
#   options: --jobs N (20000)  --workers W (20)  --repeat R (1): run each pair R times, alternating the systems;
#            the tables show the median of the R runs (the machine is shared: one run can meet a burst of load)
#
# Both programs are built first, then run from their build output, so no build is timed. The anchor is built from a
# copy in $TMPDIR, leaving ../shared/anchors/hangfire-bench untouched. Each run's peak RSS is taken by /usr/bin/time,
# the same way for both systems; the load average before each run is recorded, since the machine may be shared.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
invocation="bench/compare.sh $*"
storage=${1:-}
shift || true
jobs=20000 workers=20 backlog=1000000 run_backlog=1 repeat=1
while [[ $# -gt 0 ]]; do
    case $1 in
        --jobs) jobs=$2; shift 2 ;;
        --workers) workers=$2; shift 2 ;;
        --backlog) backlog=$2; shift 2 ;;
        --no-backlog) run_backlog=0; shift ;;
        --repeat) repeat=$2; shift 2 ;;
        *) echo "compare.sh: unknown option $1" >&2; exit 2 ;;
    esac
done
case $storage in
    inmemory|sqlite|postgres|redis) ;;
    *) echo "usage: bench/compare.sh inmemory|sqlite|postgres|redis [--jobs N] [--workers W] [--backlog N | --no-backlog] [--repeat R]" >&2; exit 2 ;;
esac
# Arguments for Ember's runs only. On PostgreSQL each system gets its own database: the anchor drops and re-creates
# the one BENCH_PG names, so Ember's runs use ember_bench on the same server.
ember_only=()
if [[ $storage == postgres && -n ${BENCH_PG:-} ]]; then
    ember_only=(--pg "$(sed -E 's/(^|;)Database=[^;]*/\1Database=ember_bench/I' <<<"$BENCH_PG")")
fi

anchor_src=${ANCHOR_DIR:-$repo/../shared/anchors/hangfire-bench}
anchor_build=${TMPDIR:-/tmp}/ember-bench-anchor
ember_dll=$repo/bench/Ember.Benchmarks/bin/Release/net10.0/Ember.Benchmarks.dll
anchor_dll=$anchor_build/bin/Release/net10.0/HangfireBench.dll
runs=$(mktemp)
trap 'rm -f "$runs" "$runs.rss"' EXIT

echo "Building Ember.Benchmarks (Release)..." >&2
dotnet build "$repo/bench/Ember.Benchmarks" -c Release -nologo -v quiet -clp:NoSummary >&2
has_hangfire=0
if [[ $storage != sqlite ]]; then
    has_hangfire=1
    echo "Building the Hangfire anchor from $anchor_src (copy in $anchor_build)..." >&2
    mkdir -p "$anchor_build"
    cp "$anchor_src"/*.csproj "$anchor_src"/*.cs "$anchor_build"/
    # NU1603 (a dependency resolved to a newer version) is the anchor's own business.
    dotnet build "$anchor_build" -c Release -nologo -v quiet -clp:NoSummary -p:NoWarn=NU1603 >&2
fi

# run SYSTEM NAME ARGS...: runs one benchmark, appends {"system","name","command","load","maxRssMb","result"} to $runs.
run() {
    local system=$1 name=$2; shift 2
    local dll=$ember_dll shown="dotnet bench/Ember.Benchmarks/bin/Release/net10.0/Ember.Benchmarks.dll"
    if [[ $system == hangfire ]]; then dll=$anchor_dll; shown="dotnet HangfireBench.dll  # ../shared/anchors/hangfire-bench"; fi
    local load; load=$(cut -d' ' -f1-3 /proc/loadavg)
    echo "== $system $name: $* (load $load)" >&2
    local out
    if [[ -x /usr/bin/time ]]; then
        out=$(/usr/bin/time -f %M -o "$runs.rss" dotnet "$dll" "$@")
    else
        out=$(dotnet "$dll" "$@"); echo 0 > "$runs.rss"
    fi
    local json; json=$(grep '^{' <<<"$out" | tail -1)
    echo "$json" >&2
    SYSTEM=$system NAME=$name COMMAND="${shown%%  #*} $*${shown#*.dll}" LOAD=$load RSS_KB=$(tail -1 "$runs.rss") JSON=$json python3 -c '
import json, os
rss = int(os.environ["RSS_KB"] or 0)
print(json.dumps({"system": os.environ["SYSTEM"], "name": os.environ["NAME"], "command": os.environ["COMMAND"],
                  "load": os.environ["LOAD"], "maxRssMb": round(rss / 1024, 1) if rss else None,
                  "result": json.loads(os.environ["JSON"])}))' >> "$runs"
}

# PostgreSQL's own speed at the enqueue pattern, as issue 4 defines it: pgbench, one client, one row inserted per
# transaction (prepared), for 10 s, in a scratch database on the same server. Needs pgbench and psql (Debian's
# postgresql-client); the connection comes from BENCH_PG as for the benchmarks.
pg_setting() { psql -X -Atq -c "SHOW $1" postgres 2>/dev/null || echo unknown; }
run_pgbench() {
    local load; load=$(cut -d' ' -f1-3 /proc/loadavg)
    echo "== pgbench insert: one client, one row per transaction, 10 s (load $load)" >&2
    psql -X -q -c "DROP DATABASE IF EXISTS ember_pgbench" -c "CREATE DATABASE ember_pgbench" postgres >&2
    psql -X -q -c "CREATE TABLE inserts (id bigserial PRIMARY KEY, payload text, at timestamptz)" ember_pgbench >&2
    local script; script=$(mktemp)
    echo "INSERT INTO inserts (payload, at) VALUES ('job', now());" > "$script"
    local tps; tps=$(pgbench -n -c 1 -T 10 -M prepared -f "$script" ember_pgbench 2>&1 | sed -nE 's/^tps = ([0-9.]+).*/\1/p')
    rm -f "$script"
    psql -X -q -c "DROP DATABASE ember_pgbench" postgres >&2
    echo "{\"tps\": ${tps:-null}}" >&2
    LOAD=$load TPS=${tps:-null} python3 -c '
import json, os
print(json.dumps({"system": "pgbench", "name": "pgbench-insert", "load": os.environ["LOAD"],
                  "command": "pgbench -n -c 1 -T 10 -M prepared -f insert.sql  # INSERT INTO inserts (payload, at) VALUES (...)",
                  "result": {"tps": json.loads(os.environ["TPS"])}}))' >> "$runs"
}
server_settings='{}'
if [[ $storage == postgres ]]; then
    # libpq's variables from the Npgsql connection string the benchmarks use (BENCH_PG or the anchor's default).
    pg_conn=${BENCH_PG:-Host=127.0.0.1;Username=postgres;Password=postgres}
    while IFS='=' read -r key val; do
        case ${key,,} in
            host|server) export PGHOST=$val ;; port) export PGPORT=$val ;;
            username|user\ id|userid) export PGUSER=$val ;; password) export PGPASSWORD=$val ;;
        esac
    done < <(tr ';' '\n' <<<"$pg_conn")
    server_settings=$(printf '{"postgres": "%s", "fsync": "%s", "synchronous_commit": "%s"}' \
        "$(pg_setting server_version)" "$(pg_setting fsync)" "$(pg_setting synchronous_commit)")
fi
if [[ $storage == redis ]]; then
    redis_addr=${BENCH_REDIS:-127.0.0.1:6379}; redis_addr=${redis_addr%%,*}
    redis_setting() { redis-cli -h "${redis_addr%:*}" -p "${redis_addr##*:}" config get "$1" 2>/dev/null | sed -n 2p; }
    server_settings=$(printf '{"redis": "%s", "appendonly": "%s", "appendfsync": "%s"}' \
        "$(redis-cli -h "${redis_addr%:*}" -p "${redis_addr##*:}" info server 2>/dev/null | sed -n 's/^redis_version:\(.*\)\r$/\1/p')" \
        "$(redis_setting appendonly)" "$(redis_setting appendfsync)")
fi

# The anchor leaves its Redis keys behind (prefix hfbench:<run>:, Hangfire's job expiry is a day). Deleted after each of
# its runs, so that every run starts from the same Redis: 180,000 leftover keys made each AOF rewrite during the next
# run copy them all (Ember cleans its own prefix when a run ends).
clear_anchor_keys() {
    [[ $storage == redis ]] || return 0
    redis-cli -h "${redis_addr%:*}" -p "${redis_addr##*:}" --scan --pattern 'hfbench:*' |
        xargs -r -n 1000 redis-cli -h "${redis_addr%:*}" -p "${redis_addr##*:}" unlink > /dev/null
}

common=(--storage "$storage" --jobs "$jobs" --workers "$workers")
# Each pair back to back, so that both systems meet the same load.
for ((i = 1; i <= repeat; i++)); do
    run ember throughput throughput "${common[@]}" "${ember_only[@]}"
    if [[ $has_hangfire == 1 ]]; then run hangfire throughput throughput "${common[@]}"; clear_anchor_keys; fi
    if [[ $storage == postgres ]]; then run_pgbench; fi
done
for ((i = 1; i <= repeat; i++)); do
    run ember latency latency "${common[@]}" "${ember_only[@]}"
    if [[ $has_hangfire == 1 ]]; then run hangfire latency latency "${common[@]}"; clear_anchor_keys; fi
    if [[ $storage != inmemory ]]; then run ember latency-cross latency "${common[@]}" "${ember_only[@]}" --cross-process; fi
done
# Once: a million-row backlog takes minutes to seed.
if [[ ($storage == sqlite || $storage == postgres) && $run_backlog == 1 ]]; then
    run ember backlog backlog "${common[@]}" "${ember_only[@]}" --backlog "$backlog"
fi

mkdir -p "$repo/bench/results"
commit=$(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo "unknown")
[[ -n $(git -C "$repo" status --porcelain -- src 2>/dev/null) ]] && commit="$commit + uncommitted changes in src/"
SERVER=$server_settings INVOCATION=$invocation REPEAT=$repeat REPO=$repo STORAGE=$storage JOBS=$jobs WORKERS=$workers COMMIT=$commit RUNS=$runs python3 -c '
import json, os, subprocess, datetime
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "unknown CPU")
mem_kb = next(int(l.split()[1]) for l in open("/proc/meminfo") if l.startswith("MemTotal"))
doc = {
    "storage": os.environ["STORAGE"], "jobs": int(os.environ["JOBS"]), "workers": int(os.environ["WORKERS"]),
    "repeat": int(os.environ["REPEAT"]), "script": os.environ["INVOCATION"],
    "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"), "commit": os.environ["COMMIT"],
    "machine": {"cpu": cpu, "cores": int(subprocess.check_output(["nproc"]).decode()), "memoryGb": round(mem_kb / 1024 / 1024, 1)},
    "server": json.loads(os.environ["SERVER"]),
    "runs": [json.loads(l) for l in open(os.environ["RUNS"]) if l.strip()],
}
path = os.path.join(os.environ["REPO"], "bench", "results", os.environ["STORAGE"] + ".json")
json.dump(doc, open(path, "w"), indent=2)
'
cd "$repo"
python3 bench/report.py --print "$storage"
echo "Wrote bench/results/$storage.json, docs/benchmarks.md and bench/results/chart.svg." >&2
