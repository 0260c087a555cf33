#!/bin/sh
# Runs PyTorch's reference (shared/bench/torch_cwgan.py, 2 threads) and calosim's engine benchmark
# back to back on the same machine and prints both figures and the ratios.
# Usage: scripts/bench_torch.sh [path/to/calosim] [extra calosim bench engine options]
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
calosim=${1:-"$here/.build/release/calosim"}
[ $# -gt 0 ] && shift
torch_script="$here/../shared/bench/torch_cwgan.py"
[ -f "$torch_script" ] || torch_script=/work/shared/bench/torch_cwgan.py
torch_json=$(python3 "$torch_script" --threads 2)
calo_json=$("$calosim" bench engine --json --threads 2 "$@")
python3 - "$torch_json" "$calo_json" <<'PY'
import json, sys
t, c = json.loads(sys.argv[1]), json.loads(sys.argv[2])
print(f"PyTorch {t['torch']}: {t['s_per_generator_iteration']:.4f} s/iteration, {t['showers_per_s']:.0f} showers/s")
print(f"calosim ({c['kernel']}): {c['secondsPerIteration']:.4f} s/iteration, {c['showersPerSecond']:.0f} showers/s")
print(f"training speed-up {t['s_per_generator_iteration'] / c['secondsPerIteration']:.2f}x, "
      f"generation speed-up {c['showersPerSecond'] / t['showers_per_s']:.2f}x")
PY
