#!/usr/bin/env bash
# Reproduces the shipped model and its validation report, step by step (each step is skipped
# when its output exists, so a killed run continues where it stopped):
#   1. the training set: 30,000 e- of 1-100 GeV (uniform) in `calogan`, seed 7  (~45 min on 2 cores)
#   2. training: 40,000 generator iterations                                  (~67 min on 2 idle cores)
#   3. the held-out set (10,000 showers, seed 1001, never used in training) and the report in
#      Validation/ against it, by scripts/validate_shipped_model.sh             (~20 min)
# Usage: scripts/reproduce_model.sh [DATA_DIR (default data)] [MODEL_DIR (default models/calogan-eminus)]
set -euo pipefail
cd "$(dirname "$0")/.."
data=${1:-data}
model=${2:-models/calogan-eminus}
mkdir -p "$data"
swift build -c release
calosim=.build/release/calosim
[ -f "$data/eminus.h5" ] || $calosim simulate --geometry calogan --particle e- --energy-range 1:100 --spectrum uniform \
    --n 30000 --seed 7 --out "$data/eminus.h5"
if [ -f "$model/checkpoint.safetensors" ]; then
    $calosim train --data "$data/eminus.h5" --out "$model" --iterations 40000 --resume
else
    $calosim train --data "$data/eminus.h5" --out "$model" --iterations 40000 --checkpoint-every 500
fi
scripts/validate_shipped_model.sh "$data" "$model/best"
