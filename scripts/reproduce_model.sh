#!/usr/bin/env bash
# Reproduces the shipped model and its validation report, step by step (each step is skipped
# when its output exists, so a killed run continues where it stopped):
#   1. the training set: 30,000 e- of 1-100 GeV (uniform) in `calogan`, seed 7  (~45 min on 2 cores)
#   2. training, phase 1: 40,000 generator iterations, learning rate 1e-4, weight average 0.999
#                                                                              (~67 min on 2 idle cores)
#   3. phase 2 (fine-tuning): to iteration 52,000 at learning rate 3e-5, raw weights (no average)
#   4. phase 3: to iteration 56,000 at 3e-5 with the 0.999 weight average switched on again, which
#      starts from phase 2's weights; the folder's weights at 56,000 are the shipped ones
#                                                     (phases 2-3, one thread: ~0.15 s/iteration)
#   5. the held-out set (10,000 showers, seed 1001, never used in training or selection) and the
#      report in Validation/ against it, by scripts/validate_shipped_model.sh   (~20 min)
# 56,000 was chosen among the phase-3 snapshots on a third sample (10,000 showers, seed 2002) by
# the issue's criteria (README, "The shipped model"). Phases 2-3 ran with one thread, as here.
# The shipped weights were trained before matrix products were tiled by calosim (README, "Linear
# algebra"): OpenBLAS's own threading rounded differently, so a rerun gives an equivalent model,
# not the same bytes. Runs made since then give the same bytes on any thread count.
# Usage: scripts/reproduce_model.sh [DATA_DIR (default data)] [MODEL_DIR (default models/calogan-eminus)]
set -euo pipefail
cd "$(dirname "$0")/.."
data=${1:-data}
model=${2:-models/calogan-eminus}
final=56000
mkdir -p "$data"
swift build -c release
calosim=.build/release/calosim
[ -f "$data/eminus.h5" ] || $calosim simulate --geometry calogan --particle e- --energy-range 1:100 --spectrum uniform \
    --n 30000 --seed 7 --out "$data/eminus.h5"
iteration() { grep -o '"iteration" *: *[0-9]*' "$model/model.json" | grep -o '[0-9]*$'; }
if [ ! -f "$model/checkpoint.safetensors" ]; then
    $calosim train --data "$data/eminus.h5" --out "$model" --iterations 40000 --checkpoint-every 500
elif [ "$(iteration)" -lt 40000 ]; then
    $calosim train --data "$data/eminus.h5" --out "$model" --resume --iterations 40000
fi
if [ "$(iteration)" -lt 52000 ]; then
    $calosim train --data "$data/eminus.h5" --out "$model" --resume --iterations 52000 --learning-rate 3e-5 --no-ema --threads 1
fi
if [ "$(iteration)" -lt "$final" ]; then
    $calosim train --data "$data/eminus.h5" --out "$model" --resume --iterations "$final" --ema-decay 0.999 --threads 1
fi
scripts/validate_shipped_model.sh "$data" "$model"
