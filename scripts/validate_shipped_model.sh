#!/usr/bin/env bash
# Regenerates Validation/ (the report of the shipped model): simulates the 10,000-shower held-out
# reference sample (seed 1001, never used in training; skipped when it exists, ~20 min on 2 cores)
# and validates the model against it (~10 s).
# Usage: scripts/validate_shipped_model.sh [DATA_DIR (default data)] [MODEL_DIR (default Resources/Models/calogan-eminus)]
set -euo pipefail
cd "$(dirname "$0")/.."
data=${1:-data}
model=${2:-Resources/Models/calogan-eminus}
mkdir -p "$data"
swift build -c release
calosim=.build/release/calosim
[ -f "$data/heldout.h5" ] || $calosim simulate --geometry calogan --particle e- --energy-range 1:100 --spectrum uniform \
    --n 10000 --seed 1001 --out "$data/heldout.h5"
$calosim validate --reference "$data/heldout.h5" --model "$model" --out Validation/
