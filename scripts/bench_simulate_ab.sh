#!/usr/bin/env bash
# Side-by-side timing of two calosim binaries' reference simulator (`calosim bench simulate`):
# rounds alternate the order (base, new / new, base) per stack, and the table gives, per stack and
# energy, the median ms/GeV of each and the ratio base/new of the medians (> 1: new is faster),
# for wall-clock and for the simulating thread's CPU time (robust on a shared machine).
#
#   scripts/bench_simulate_ab.sh BASE_BINARY NEW_BINARY [ROUNDS]
#   env: GEOMETRIES (default "calogan wsi"), SHOWERS (per energy, default 6), THREADS (the
#        all-threads part of each run, default 1: only the one-thread figures are compared).
# An older binary without --energies times its own default energies; only the common ones are compared.
set -euo pipefail
base=${1:?usage: $0 BASE_BINARY NEW_BINARY [ROUNDS]}
new=${2:?usage: $0 BASE_BINARY NEW_BINARY [ROUNDS]}
rounds=${3:-3}
geometries=${GEOMETRIES:-calogan wsi}
showers=${SHOWERS:-6}
threads=${THREADS:-1}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

run() { # binary tag geometry round
    local extra=()
    if "$1" bench simulate --help 2>/dev/null | grep -q -- '--energies'; then extra=(--energies 10,50,100); fi
    "$1" bench simulate --geometry "$3" --showers "$showers" --threads "$threads" "${extra[@]}" --json \
        > "$out/$2.$3.$4.json"
}

for r in $(seq 1 "$rounds"); do
    for g in $geometries; do
        if (( r % 2 )); then run "$base" base "$g" "$r"; run "$new" new "$g" "$r"
        else run "$new" new "$g" "$r"; run "$base" base "$g" "$r"; fi
        echo "round $r/$rounds $g done" >&2
    done
done

python3 - "$out" <<'PY'
import glob, json, os, statistics, sys
d = sys.argv[1]
rows = {}
for path in glob.glob(os.path.join(d, "*.json")):
    tag, geometry, _ = os.path.basename(path).split(".", 2)
    obj = json.load(open(path))
    for stack in obj.get("stacks", [obj]):  # newer binaries: {"stacks": [...]}; older: one stack
        for p in stack["points"]:
            key = (geometry, p["energyGeV"])
            rows.setdefault(key, {}).setdefault(tag, []).append((p["msPerGeV"], p["cpuMsPerGeV"]))
print(f"{'stack':8} {'E/GeV':>6} {'base ms/GeV':>12} {'new ms/GeV':>11} {'ratio':>6} "
      f"{'base cpu':>9} {'new cpu':>8} {'ratio':>6}  rounds")
for (g, e), tags in sorted(rows.items()):
    if "base" not in tags or "new" not in tags:
        continue
    bw = statistics.median(x[0] for x in tags["base"]); nw = statistics.median(x[0] for x in tags["new"])
    bc = statistics.median(x[1] for x in tags["base"]); nc = statistics.median(x[1] for x in tags["new"])
    print(f"{g:8} {e:6.0f} {bw:12.2f} {nw:11.2f} {bw / nw:6.2f} {bc:9.2f} {nc:8.2f} {bc / nc:6.2f}  {len(tags['new'])}")
PY
