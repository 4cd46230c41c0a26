#!/usr/bin/env bash
# Records a deliberate change of the packages' public API in each src project's PublicAPI.Unshipped.txt: builds the
# src projects, adds the members the analyzer reports as new (RS0016) and removes those it reports as gone (RS0017).
# Review the diff of those files: it is the change of the public API. At a release, move Unshipped's lines to Shipped.
# (The analyzers' own code fix skips *.Generated.cs, where the client's overloads live; the build's messages don't.)
set -euo pipefail
cd "$(dirname "$0")/.."
log=$(mktemp)
trap 'rm -f "$log"' EXIT
for project in src/*/*.csproj; do
  dotnet build "$project" -nologo -v quiet -clp:NoSummary -p:TreatWarningsAsErrors=false --no-incremental > "$log" 2>&1 || true
  python3 - "$project" "$log" <<'PY'
import os, re, sys
project, log = sys.argv[1], sys.argv[2]
directory = os.path.dirname(project)
unshipped = os.path.join(directory, "PublicAPI.Unshipped.txt")
added, removed = set(), set()
for line in open(log, encoding="utf-8"):
    if not line.rstrip().endswith(f"[{os.path.abspath(project)}]"):
        continue
    if m := re.search(r"RS0016: Symbol '(.*)' is not part of the declared public API", line):
        added.add(m.group(1))
    elif m := re.search(r"RS0017: Symbol '(.*)' is part of the declared API, but is either not public or could not be found", line):
        removed.add(m.group(1))
lines = [l.rstrip("\n") for l in open(unshipped, encoding="utf-8")]
header = [l for l in lines if l.startswith("#")] or ["#nullable enable"]
body = sorted((set(l for l in lines if l and not l.startswith("#")) | added) - removed, key=str.lower)
with open(unshipped, "w", encoding="utf-8") as file:
    file.write("\n".join(header + body) + "\n")
print(f"{project}: {len(added)} added, {len(removed)} removed")
PY
done
