#!/usr/bin/env python3
"""Renders bench/results/*.json (written by bench/compare.sh) into docs/benchmarks.md and bench/results/chart.svg.

Standard library only, so that the chart is produced wherever the benchmark runs. The tables replace what lies between
the GENERATED markers of docs/benchmarks.md; the prose around them is written by hand.

    python3 bench/report.py            # rewrite the generated part of docs/benchmarks.md and the chart
    python3 bench/report.py --print sqlite   # also print that store's table on stdout
"""
import html
import json
import math
import pathlib
import statistics
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
DOC = ROOT / "docs" / "benchmarks.md"
CHART = RESULTS / "chart.svg"
BEGIN, END = "<!-- BEGIN GENERATED: bench/compare.sh -->", "<!-- END GENERATED -->"
STORE_ORDER = ["inmemory", "sqlite", "postgres", "redis"]
STORE_TITLES = {"inmemory": "In-memory", "sqlite": "SQLite", "postgres": "PostgreSQL", "redis": "Redis"}

# (mode, JSON key, label, unit, True when higher is better)
ROWS = [
    ("throughput", "enqueuePerSecond", "enqueue, one call per job", "jobs/s", True),
    ("throughput", "bulkEnqueuePerSecond", "enqueue, 1,000 per call", "jobs/s", True),
    ("throughput", "processPerSecond", "processing (all jobs ran)", "jobs/s", True),
    ("throughput", "settledPerSecond", "settled (store shows all Succeeded)", "jobs/s", True),
    ("throughput", "maxRssMb", "peak RSS, throughput run", "MB", False),
    ("latency", "p50Ms", "latency p50, client in process", "ms", False),
    ("latency", "p99Ms", "latency p99, client in process", "ms", False),
    ("latency", "firstMs", "latency of the first job (cold start), client in process", "ms", False),
    ("latency", "p99AfterFirstMs", "latency p99 of the jobs after the first, client in process", "ms", False),
    ("latency", "maxRssMb", "peak RSS, latency run", "MB", False),
    ("latency", "idleWorkingSetMb", "idle server working set", "MB", False),
    ("latency-cross", "p50Ms", "latency p50, client in another process", "ms", False),
    ("latency-cross", "p99Ms", "latency p99, client in another process", "ms", False),
    ("latency-cross", "firstMs", "latency of the first job (cold start), client in another process", "ms", False),
    ("latency-cross", "p99AfterFirstMs", "latency p99 of the jobs after the first, client in another process", "ms", False),
    ("backlog", "emptyProcessPerSecond", "processing, empty store", "jobs/s", True),
    ("backlog", "backlogProcessPerSecond", "processing, with the backlog", "jobs/s", True),
    ("backlog", "ratio", "backlog ÷ empty", "", True),
    ("backlog", "stateCountsMs", "state counts query with the backlog", "ms", False),
]

# Issue 7's targets: (store, run, key, unit, label, test)
TARGETS = [
    ("inmemory", "throughput", "processPerSecond", "jobs/s", "in-memory processing ≥ 100,000 jobs/s", lambda v: v >= 100_000),
    ("sqlite", "throughput", "processPerSecond", "jobs/s", "SQLite processing ≥ 5,000 jobs/s", lambda v: v >= 5_000),
    ("inmemory", "latency", "idleWorkingSetMb", "MB", "server idle working set ≤ 80 MB (in-memory)", lambda v: v <= 80),
    ("sqlite", "latency-cross", "idleWorkingSetMb", "MB", "server idle working set ≤ 80 MB (SQLite, server alone)", lambda v: v <= 80),
    ("postgres", "throughput", "processPerSecond", "jobs/s", "PostgreSQL processing ≥ 10,000 jobs/s", lambda v: v >= 10_000),
    ("postgres", "throughput", "enqueueVsPgbench", "", "PostgreSQL enqueue one per call ≥ 70% of pgbench's one-row inserts", lambda v: v >= 0.7),
    ("postgres", "throughput", "bulkEnqueuePerSecond", "jobs/s", "PostgreSQL bulk enqueue ≥ 50,000 jobs/s", lambda v: v >= 50_000),
    ("postgres", "latency-cross", "p50Ms", "ms", "PostgreSQL latency p50 ≤ 5 ms, across processes", lambda v: v <= 5),
    ("postgres", "latency-cross", "p99Ms", "ms", "PostgreSQL latency p99 ≤ 20 ms, across processes", lambda v: v <= 20),
    ("postgres", "latency-cross", "p99AfterFirstMs", "ms", "PostgreSQL latency p99 ≤ 20 ms, across processes, without the first (cold) job", lambda v: v <= 20),
    ("postgres", "backlog", "ratio", "", "PostgreSQL with 1,000,000 finished jobs ≥ 80% of empty", lambda v: v >= 0.8),
    ("redis", "throughput", "processPerSecond", "jobs/s", "Redis processing ≥ 15,000 jobs/s", lambda v: v >= 15_000),
    ("redis", "throughput", "enqueuePerSecond", "jobs/s", "Redis enqueue one per call ≥ 10,000 jobs/s", lambda v: v >= 10_000),
    ("redis", "latency", "p50Ms", "ms", "Redis latency p50 ≤ 2 ms", lambda v: v <= 2),
    ("redis", "latency", "p99Ms", "ms", "Redis latency p99 ≤ 10 ms", lambda v: v <= 10),
    ("redis", "latency", "p99AfterFirstMs", "ms", "Redis latency p99 ≤ 10 ms, without the first (cold) job", lambda v: v <= 10),
]


def derived(store, key):
    """Figures computed from two systems' runs: Ember's one-by-one enqueue as a share of pgbench's inserts."""
    if key == "enqueueVsPgbench":
        ratios = enqueue_vs_pgbench(store)
        return statistics.median(ratios) if ratios else None
    return None


def enqueue_vs_pgbench(store):
    """Each round's Ember enqueue rate over the pgbench run of the same round: pgbench swings with the machine's load
    (1,300-3,900 rows/s in one run), so a ratio of two medians from different rounds would mean little."""
    embers = per_run(run_of(store, "ember", "throughput"), "enqueuePerSecond")
    pgbenches = per_run(run_of(store, "pgbench", "pgbench-insert"), "tps")
    return [e / p for e, p in zip(embers, pgbenches) if e and p]


def load():
    stores = {}
    for path in sorted(RESULTS.glob("*.json")):
        data = json.loads(path.read_text())
        stores[data["storage"]] = data
    return stores


def run_of(store, system, name):
    """All runs of one benchmark (one per --repeat)."""
    return [run for run in store["runs"] if run["system"] == system and run["name"] == name]


def per_run(runs, key):
    """One figure per run, in the order they ran (None where a run lacks it)."""
    return [value([run], key) for run in runs]


def value(runs, key):
    """The median over the repeated runs, so that one run hit by a burst of load on the shared machine doesn't decide."""
    values = [run[key] if key in run else run["result"].get(key) for run in runs]
    values = [v for v in values if isinstance(v, (int, float)) and not isinstance(v, bool)]
    return statistics.median(values) if values else None


def fmt(v, unit=""):
    if v is None:
        return "—"
    if unit == "jobs/s":
        return f"{int(round(v)):,}"
    if unit == "":
        return f"{v:,.2f}"
    return f"{v:,.2f}" if abs(v) < 0.1 else f"{v:,.1f}"


def ratio(ember, hangfire, higher_better):
    if ember is None or hangfire is None or hangfire == 0 or ember == 0:
        return "—"
    r = ember / hangfire
    if 0.95 <= r <= 1.05:
        return "about the same"
    if higher_better:
        return f"{r:,.1f}× faster" if r >= 1 else f"{1 / r:,.1f}× slower"
    return f"{1 / r:,.1f}× less" if r <= 1 else f"{r:,.1f}× more"


def table(store):
    has_hangfire = any(r["system"] == "hangfire" for r in store["runs"])
    lines = []
    if has_hangfire:
        lines.append("| | Ember | Hangfire 1.8 | Ember vs Hangfire |")
        lines.append("|---|---:|---:|---|")
    else:
        lines.append("| | Ember |")
        lines.append("|---|---:|")
    for name, key, label, unit, higher in ROWS:
        ember = value(run_of(store, "ember", name), key)
        hangfire = value(run_of(store, "hangfire", name), key)
        if ember is None and hangfire is None:
            continue
        text = f"{label} ({unit})" if unit else label
        if has_hangfire:
            lines.append(f"| {text} | {fmt(ember, unit)} | {fmt(hangfire, unit)} | {ratio(ember, hangfire, higher)} |")
        else:
            lines.append(f"| {text} | {fmt(ember, unit)} |")
    return "\n".join(lines)


def commands(store):
    out = []
    for run in store["runs"]:
        out.append(f"    # {run['system']}, load average {run['load']}\n    {run['command']}")
    return "\n".join(out)


def section(store):
    machine = store["machine"]
    title = STORE_TITLES.get(store["storage"], store["storage"])
    repeat = store.get("repeat", 1)
    server = store.get("server") or {}
    pgbench = value(run_of(store, "pgbench", "pgbench-insert"), "tps")
    notes = []
    if server.get("postgres"):
        notes.append(f"PostgreSQL {server['postgres']} with fsync {server.get('fsync')} and synchronous_commit "
                     f"{server.get('synchronous_commit')}, on the same machine.")
    if server.get("redis"):
        notes.append(f"Redis {server['redis']} with appendonly {server.get('appendonly')} (appendfsync "
                     f"{server.get('appendfsync')}), on the same machine.")
    if pgbench:
        tps = [v for v in per_run(run_of(store, "pgbench", "pgbench-insert"), "tps") if v]
        note = f"pgbench, one client inserting one row per transaction: {fmt(pgbench, 'jobs/s')} rows/s"
        if len(tps) > 1:
            note += f" ({fmt(min(tps), 'jobs/s')}–{fmt(max(tps), 'jobs/s')})"
        ratios = enqueue_vs_pgbench(store)
        if ratios:
            note += "; Ember's one-by-one enqueue in each round over that round's pgbench: "
            note += ", ".join(f"{r:.0%}" for r in ratios)
        notes.append(note + ".")
    parts = [
        f"### {title}",
        "",
        f"{store['date']} on {machine['cpu']}, {machine['cores']} cores, {machine['memoryGb']} GB; "
        f"{store['jobs']:,} jobs, {store['workers']} workers; commit `{store['commit']}`"
        + (f"; each figure is the median of {repeat} runs." if repeat > 1 else ".")
        + "".join(" " + n for n in notes),
        "",
        table(store),
        "",
        f"Produced by `{store.get('script', 'bench/compare.sh ' + store['storage'])}`, which ran, in this order "
        "(load average before each run: 1, 5, 15 min):",
        "",
        commands(store),
        "",
    ]
    return "\n".join(parts)


def targets(stores):
    lines = ["| Target (issue 7) | Measured | Met? |", "|---|---:|---|"]
    for storage, name, key, unit, label, test in TARGETS:
        store = stores.get(storage)
        v = (derived(store, key) or value(run_of(store, "ember", name), key)) if store else None
        verdict = "not measured" if v is None else ("yes" if test(v) else "**no**")
        # A smaller backlog than the target's (--backlog) is named, so the row doesn't claim the million.
        backlog = value(run_of(store, "ember", name), "backlog") if store and name == "backlog" else None
        if backlog is not None and backlog < 1_000_000:
            verdict += f" (measured with {int(backlog):,} finished jobs)"
        lines.append(f"| {label} | {fmt(v, unit)} {unit if v is not None else ''} | {verdict} |")
    return "\n".join(lines)


def chart(stores):
    """Horizontal bars: processing throughput per store and system, then in-process latency p50 on a log scale."""
    colors = {"ember": "#e4572e", "hangfire": "#4c72b0"}
    bars_tp, bars_lat = [], []
    for storage in STORE_ORDER:
        store = stores.get(storage)
        if not store:
            continue
        for system in ("ember", "hangfire"):
            title = f"{STORE_TITLES[storage]} · {'Ember' if system == 'ember' else 'Hangfire 1.8'}"
            tp = value(run_of(store, system, "throughput"), "processPerSecond")
            if tp is not None:
                bars_tp.append((title, tp, system))
            lat = value(run_of(store, system, "latency"), "p50Ms")
            if lat is not None:
                bars_lat.append((title, lat, system))
            cross = value(run_of(store, system, "latency-cross"), "p50Ms")
            if cross is not None:
                bars_lat.append((title + " (2 processes)", cross, system))

    width, label_w, bar_w, row_h = 760, 250, 420, 26
    y = 40
    out = []

    def panel(title, bars, scale, fmt_value):
        nonlocal y
        out.append(f'<text x="10" y="{y}" font-size="15" font-weight="bold">{html.escape(title)}</text>')
        y += 12
        for name, v, system in bars:
            w = max(2, scale(v) * bar_w)
            out.append(f'<text x="{label_w - 8}" y="{y + 17}" font-size="12" text-anchor="end">{html.escape(name)}</text>')
            out.append(f'<rect x="{label_w}" y="{y + 4}" width="{w:.1f}" height="{row_h - 8}" fill="{colors[system]}"/>')
            out.append(f'<text x="{label_w + w + 6:.1f}" y="{y + 17}" font-size="12">{html.escape(fmt_value(v))}</text>')
            y += row_h
        y += 30

    if bars_tp:
        top = max(v for _, v, _ in bars_tp)
        panel("Processing, no-op jobs per second (higher is better)", bars_tp, lambda v: v / top, lambda v: f"{v:,.0f}/s")
    if bars_lat:
        lo = min(0.1, min(v for _, v, _ in bars_lat))
        hi = max(v for _, v, _ in bars_lat)
        span = math.log10(hi / lo) or 1
        panel("Enqueue-to-start latency p50, ms, log scale (lower is better)", bars_lat,
              lambda v: math.log10(max(v, lo) / lo) / span, lambda v: f"{v:,.1f} ms")
    height = y
    svg = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        'font-family="Helvetica, Arial, sans-serif">',
        f'<rect width="{width}" height="{height}" fill="white"/>',
        '<text x="10" y="20" font-size="12" fill="#555">Generated by bench/report.py from bench/results/*.json</text>',
        *out,
        "</svg>",
    ]
    CHART.write_text("\n".join(svg) + "\n")


def main(argv):
    stores = load()
    if not stores:
        sys.exit("no results in bench/results; run bench/compare.sh first")
    ordered = [stores[s] for s in STORE_ORDER if s in stores] + [v for k, v in stores.items() if k not in STORE_ORDER]
    generated = "\n".join([
        BEGIN,
        "",
        "![Processing throughput and latency](../bench/results/chart.svg)",
        "",
        targets(stores),
        "",
        *[section(store) for store in ordered],
        END,
    ])
    doc = DOC.read_text() if DOC.exists() else f"# Benchmarks\n\n{BEGIN}\n{END}\n"
    start, end = doc.find(BEGIN), doc.find(END)
    if start < 0 or end < 0:
        sys.exit(f"{DOC} lacks the markers {BEGIN} ... {END}")
    DOC.write_text(doc[:start] + generated + doc[end + len(END):])
    chart(stores)
    if len(argv) > 2 and argv[1] == "--print" and argv[2] in stores:
        print(table(stores[argv[2]]))


if __name__ == "__main__":
    main(sys.argv)
