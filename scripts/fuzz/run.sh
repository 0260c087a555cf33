#!/usr/bin/env bash
# Builds a libFuzzer target of calosim's file readers and runs it for a given time.
#
#   scripts/fuzz/run.sh TARGET SECONDS [libFuzzer options...]   TARGET: geometry hdf5 safetensors model
#   scripts/fuzz/run.sh all SECONDS [libFuzzer options...]      each target in turn, SECONDS each
#   scripts/fuzz/run.sh build TARGET|all                         build only
#
# Builds in .build-fuzz (debug, -sanitize=fuzzer,address, -DFUZZING), so .build is untouched
# (-Xswiftc -sanitize=fuzzer,address as well: SwiftPM 6.3 compiles with --sanitize address only).
# Seeds: scripts/fuzz/corpus/TARGET (read only). Inputs found: $FUZZ_WORK/corpus/TARGET;
# crashes, hangs and out-of-memory inputs: $FUZZ_WORK/artifacts/TARGET; FUZZ_WORK defaults to
# /tmp/fuzz. FUZZ_KEEP_GOING=1 runs in fork mode and keeps fuzzing after a finding.
# Reproduce a finding with the plain build: swift build --product _FuzzX && .build/debug/_FuzzX FILE
set -euo pipefail
cd "$(dirname "$0")/../.."
work=${FUZZ_WORK:-/tmp/fuzz}

product() {
    case "$1" in
        geometry) echo _FuzzGeometry ;;
        hdf5) echo _FuzzShowerFile ;;
        safetensors) echo _FuzzSafeTensors ;;
        model) echo _FuzzModel ;;
        *) echo "unknown fuzz target '$1' (geometry, hdf5, safetensors, model)" >&2; exit 2 ;;
    esac
}

# Largest input, bytes: a little above the largest seed.
max_len() {
    case "$1" in
        geometry) echo 24576 ;;
        hdf5) echo 65536 ;;
        safetensors) echo 4096 ;;
        model) echo 8192 ;;
    esac
}

build() {
    swift build --scratch-path .build-fuzz --product "$(product "$1")" \
        --sanitize fuzzer --sanitize address -Xswiftc -sanitize=fuzzer,address -Xswiftc -DFUZZING 2>&1 | grep -v "warning: Cannot export local symbol" >&2
}

run() {
    local target=$1 seconds=$2; shift 2
    build "$target"
    mkdir -p "$work/corpus/$target" "$work/artifacts/$target"
    local mode=()
    if [[ -f "scripts/fuzz/dict/$target.dict" ]]; then mode+=(-dict="scripts/fuzz/dict/$target.dict"); fi
    if [[ "${FUZZ_KEEP_GOING:-0}" == 1 ]]; then
        mode+=(-fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1)
    fi
    # One BLAS thread: the model target generates two showers per input.
    # The Swift runtime's backtracer off, so libFuzzer's own handler saves the crashing input.
    SWIFT_BACKTRACE=enable=no OPENBLAS_NUM_THREADS=1 ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0:allocator_may_return_null=1} \
    ".build-fuzz/debug/$(product "$target")" \
        -max_total_time="$seconds" -max_len="$(max_len "$target")" -timeout=10 \
        -rss_limit_mb=2048 -malloc_limit_mb=1024 -workers=1 -print_final_stats=1 \
        -artifact_prefix="$work/artifacts/$target/" "${mode[@]}" "$@" \
        "$work/corpus/$target" "scripts/fuzz/corpus/$target"
}

case "${1:-}" in
    build)
        if [[ "${2:-}" == all ]]; then for t in geometry hdf5 safetensors model; do build "$t"; done
        else build "${2:?build TARGET|all}"; fi ;;
    all)
        seconds=${2:?SECONDS}; shift 2
        for t in geometry hdf5 safetensors model; do run "$t" "$seconds" "$@"; done ;;
    "")
        sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
    *)
        target=$1; seconds=${2:?SECONDS}; shift 2
        run "$target" "$seconds" "$@" ;;
esac
