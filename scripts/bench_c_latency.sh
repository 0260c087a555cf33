#!/bin/sh
# Batch-1 latency of the C library (libcalosim-c, include/calosim.h) on the shipped model: one
# shower per calosim_generate call, in fp32 and in auto (bf16 where the CPU has AVX512-BF16).
# Builds scripts/latency/calosim_c_latency.c with cc against the release library. With BASE set
# to another checkout (built with `swift build -c release`), its library is timed in fp32 first
# (calosim_open only), for a side-by-side ratio in one run.
# Usage: [BASE=/path/to/other/checkout] scripts/bench_c_latency.sh [calls per round]
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
calls=${1:-5000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
src="$here/scripts/latency/calosim_c_latency.c"
model="$here/Resources/Models/calogan-eminus"
if [ -n "${BASE:-}" ]; then
    cc -std=c99 -O2 -Wall -DCALOSIM_FP32_ONLY -I "$BASE/include" "$src" -L "$BASE/.build/release" -lcalosim-c \
        -Wl,-rpath,"$BASE/.build/release" -o "$work/base_latency"
    printf 'base: '
    "$work/base_latency" "$model" fp32 "$calls"
fi
cc -std=c99 -O2 -Wall -I "$here/include" "$src" -L "$here/.build/release" -lcalosim-c \
    -Wl,-rpath,"$here/.build/release" -o "$work/calosim_c_latency"
for precision in fp32 auto; do
    "$work/calosim_c_latency" "$model" "$precision" "$calls"
done
