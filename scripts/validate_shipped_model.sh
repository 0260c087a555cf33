#!/usr/bin/env bash
# Regenerates Validation/ (the report of the shipped model): simulates the 10,000-shower held-out
# reference sample (seed 1001, never used in training; skipped when it exists, ~20 min on 2 cores)
# and validates the model in Resources/Models/calogan-eminus against it (~1 min).
# Usage: scripts/validate_shipped_model.sh [DATA_DIR (default data)]
set -euo pipefail
cd "$(dirname "$0")/.."
data=${1:-data}
mkdir -p "$data"
swift build -c release
calosim=.build/release/calosim
[ -f "$data/heldout.h5" ] || $calosim simulate --geometry calogan --particle e- --energy-range 1:100 --spectrum uniform \
    --n 10000 --seed 1001 --out "$data/heldout.h5"
$calosim validate --reference "$data/heldout.h5" --model Resources/Models/calogan-eminus --out Validation/
