#!/bin/sh
# Runs a PyTorch reference of the same WGAN-GP (TORCH_BASELINE=path/to/torch_cwgan.py, 2 threads) and calosim's engine benchmark
# back to back on the same machine, ROUNDS times alternately (default 1), and prints both figures,
# the ratios, and with several rounds the medians and the load average before each round.
# Usage: [ROUNDS=3] scripts/bench_torch.sh [path/to/calosim] [extra calosim bench engine options]
# CALOSIM_OPENBLAS_CORETYPE, if set, chooses calosim's OpenBLAS kernel (PyTorch uses MKL and ignores it).
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
calosim=${1:-"$here/.build/release/calosim"}
[ $# -gt 0 ] && shift
torch_script=${TORCH_BASELINE:-"$here/../shared/bench/torch_cwgan.py"}
if [ ! -f "$torch_script" ]; then
    echo "bench_torch.sh: no PyTorch baseline at $torch_script; set TORCH_BASELINE to the script's path" >&2
    exit 2
fi
rounds=${ROUNDS:-1}
results=""
i=0
while [ "$i" -lt "$rounds" ]; do
    load=$(cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo "?")
    torch_json=$(python3 "$torch_script" --threads 2)
    calo_json=$("$calosim" bench engine --json --threads 2 "$@")
    results="$results$load	$torch_json	$calo_json
"
    i=$((i + 1))
done
printf '%s' "$results" | python3 -c '
import json, statistics, sys
rows = [line.split("\t") for line in sys.stdin.read().splitlines() if line]
ti, ts, ci, cs = [], [], [], []
for load, t, c in rows:
    t, c = json.loads(t), json.loads(c)
    ti.append(t["s_per_generator_iteration"]); ts.append(t["showers_per_s"])
    ci.append(c["secondsPerIteration"]); cs.append(c["showersPerSecond"])
    version, kernel = t["torch"], c["kernel"]
    print(f"load {load}: PyTorch {version} {ti[-1]:.4f} s/iteration, {ts[-1]:.0f} showers/s | "
          f"calosim ({kernel}) {ci[-1]:.4f} s/iteration, {cs[-1]:.0f} showers/s | "
          f"speed-up training {ti[-1] / ci[-1]:.2f}x, generation {cs[-1] / ts[-1]:.2f}x")
if len(rows) > 1:
    mt, mc = statistics.median(ti), statistics.median(ci)
    gt, gc = statistics.median(ts), statistics.median(cs)
    print(f"median: PyTorch {mt:.4f} s/iteration, {gt:.0f} showers/s | calosim {mc:.4f} s/iteration, {gc:.0f} showers/s | "
          f"speed-up training {mt / mc:.2f}x, generation {gc / gt:.2f}x")
'
