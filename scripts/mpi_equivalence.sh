#!/usr/bin/env bash
# N MPI ranks against one process: trains the tiny model of the MPI test (Tests/CLITests/MPICLITests.swift)
# for ITERATIONS (default 50) from the same seed with 1 process and with N = 2 and 3 ranks, and prints the
# max relative difference of every network and optimiser state: max|a - b| / max|a| over the whole
# vector, and the worst tensor by the same measure.
# The critic's output bias is reported apart: D and D + c have the same losses and give the generator the
# same gradients, so its gradient vanishes in exact arithmetic and both runs' values are rounding noise that
# Adam scales to steps of up to the learning rate.
# Usage: scripts/mpi_equivalence.sh [calosim binary] [iterations] [batch size, a multiple of every N] [N list]
set -euo pipefail
calosim=${1:-.build/release/calosim}
iterations=${2:-50}
batch=${3:-48}
ranks=${4:-2 3}
work=$(mktemp -d /tmp/calosim-mpi-eq.XXXXXX)
trap 'rm -rf "$work"' EXIT
if [ "$(id -u)" -eq 0 ]; then export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1; fi
cat > "$work/tiny.json" <<'JSON'
{ "name": "tiny", "transverse": { "widthMM": 200, "heightMM": 200 },
  "stack": { "period": [ { "material": "Pb", "thicknessMM": 2 }, { "material": "LAr", "thicknessMM": 4, "active": true } ], "repeat": 10 },
  "layers": [ { "zMM": [0, 30], "cells": { "rows": 3, "cols": 3, "heightMM": 20, "widthMM": 20 } },
              { "zMM": [30, 60], "cells": { "rows": 2, "cols": 2, "heightMM": 40, "widthMM": 40 } } ] }
JSON
echo "{ \"latentDimension\": 4, \"generatorHidden\": [16], \"criticHidden\": [16], \"batchSize\": $batch, \"checkpointEvery\": $iterations, \"seed\": 5 }" > "$work/h.json"
"$calosim" simulate --geometry "$work/tiny.json" --energy-range 0.02:0.1 --n 200 --quiet --out "$work/data.h5" >/dev/null
train() { "$@" train --data "$work/data.h5" --config "$work/h.json" --iterations "$iterations" --threads 1 --quiet --out "$work/$out" >/dev/null; }
out=one train "$calosim"
for n in $ranks; do out=ranks$n train mpirun --oversubscribe --bind-to none -np $n "$calosim"; done
python3 - "$work" "$iterations" "$batch" $ranks <<'PY'
import json, struct, sys, numpy as np
work, iterations, batch = sys.argv[1], sys.argv[2], sys.argv[3]
def load(path):
    b = open(path, "rb").read(); n = struct.unpack("<Q", b[:8])[0]; header = json.loads(b[8:8 + n])
    return {k: np.frombuffer(b[8 + n + v["data_offsets"][0]:8 + n + v["data_offsets"][1]], dtype=np.float32).astype(np.float64)
            for k, v in header.items() if k != "__metadata__" and v["dtype"] == "F32"}
one = load(f"{work}/one/checkpoint.safetensors")
biases = sorted((k for k in one if k.startswith("critic.") and k.endswith(".bias")), key=lambda k: int(k.split(".")[1]))
output_bias = biases[-1]
for n in map(int, sys.argv[4:]):
    other = load(f"{work}/ranks{n}/checkpoint.safetensors")
    print(f"N = {n} ranks vs 1 process, {iterations} iterations, batch {batch}:")
    for part in ("generator.", "ema.", "critic.", "adam.generator", "adam.critic"):
        keys = [k for k in one if k.startswith(part) and k != output_bias]
        a = np.concatenate([one[k] for k in keys]); b = np.concatenate([other[k] for k in keys])
        worst = max(keys, key=lambda k: np.abs(one[k] - other[k]).max() / max(np.abs(one[k]).max(), 1e-30))
        w = np.abs(one[worst] - other[worst]).max() / max(np.abs(one[worst]).max(), 1e-30)
        label = "critic (no c)" if part == "critic." else part.rstrip(".")
        print(f"  {label:15s} {a.size:5d} values: max relative difference {np.abs(a - b).max() / np.abs(a).max():.2e}; worst tensor {worst} {w:.2e}")
    print(f"  critic output bias c: {one[output_bias][0]:.3e} (1 process), {other[output_bias][0]:.3e} ({n} ranks)")
PY
