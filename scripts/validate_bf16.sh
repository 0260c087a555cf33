#!/bin/sh
# Checks that the bf16 inference path gives the fp32 path's showers: N showers (default 20,000)
# of the shipped model over 1-100 GeV in each precision, independent seeds, compared with
# `calosim validate` (fp32 as the reference), then three criteria:
#   - every observable's separation power S at its statistical floor: S <= floor * (1 + 3 sqrt(2 / (bins - 1)))
#     (S of two samples of one distribution scatters about the floor like chi2/NDF);
#   - the mean response E_tot/E_inc of every energy bin within 0.05 % of fp32's;
#   - the classifier two-sample test (cells and high-level features) at AUC <= 0.52.
# Usage: scripts/validate_bf16.sh [path/to/calosim] [N] [work dir]; exit 1 if a criterion fails.
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
calosim=${1:-"$here/.build/release/calosim"}
n=${2:-20000}
work=${3:-/tmp/calosim-validate-bf16}
mkdir -p "$work"
"$calosim" generate --precision fp32 --energy-range 1:100 --n "$n" --seed 11 --quiet --overwrite --out "$work/fp32.h5"
"$calosim" generate --precision bf16 --energy-range 1:100 --n "$n" --seed 12 --quiet --overwrite --out "$work/bf16.h5"
"$calosim" validate --reference "$work/fp32.h5" --generated "$work/bf16.h5" --out "$work/report" --quiet >/dev/null || true
python3 - "$work/report/metrics.json" <<'PY'
import json, math, sys
m = json.load(open(sys.argv[1]))
n, g = m["referenceCount"], m["generatedCount"]
fails = 0
worst = (0, "")
for o in m["observables"]:
    s, floor = o["separationPower"], o["separationFloor"]
    if floor <= 0:
        continue
    a, b = o["reference"].get("entries", n), o["generated"].get("entries", g)
    bins = 1 + 4 * floor / (1 / a + 1 / b)
    limit = floor * (1 + 3 * math.sqrt(2 / max(bins - 1, 1)))
    worst = max(worst, (s / limit, f'{o["key"]}: S {s:.5f}, floor {floor:.5f}, limit {limit:.5f}'))
    if s > limit:
        fails += 1
        print(f'FAIL separation {o["key"]}: S {s:.5f} > {limit:.5f} (floor {floor:.5f})')
count = len(m["observables"])
print(f"separation powers: {count - fails} of {count} at their floor; closest to its limit: {worst[1]}")
dev = [abs(b["generatedResponse"] / b["referenceResponse"] - 1) for b in m["response"]["bins"]]
print("response deviation per energy bin (%): " + ", ".join(f"{100 * d:.4f}" for d in dev))
if max(dev) > 5e-4:
    fails += 1
    print("FAIL response: a bin deviates by more than 0.05 %")
for c in m["classifiers"]:
    print(f'classifier {c["features"]}: AUC {c["auc"]:.4f}')
    if c["auc"] > 0.52:
        fails += 1
        print(f'FAIL classifier {c["features"]}: AUC above 0.52')
print("bf16 vs fp32: PASS" if fails == 0 else f"bf16 vs fp32: {fails} criteria FAILED")
sys.exit(1 if fails else 0)
PY
