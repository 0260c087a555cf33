#!/usr/bin/env bash
# Replays each finding of a fuzz target and groups them by where they fail.
#
#   scripts/fuzz/triage.sh TARGET [FOLDER]     FOLDER defaults to $FUZZ_WORK/artifacts/TARGET
#
# Prints, per finding: its kind (crash, timeout, oom), size, the sanitizer's verdict and the first
# stack frame in calosim (Sources/...) or, failing that, the first frame in a library, so that
# crashes inside libhdf5 itself are told apart from ours. Uses the binary run.sh built.
set -euo pipefail
cd "$(dirname "$0")/../.."
target=${1:?TARGET}
folder=${2:-${FUZZ_WORK:-/tmp/fuzz}/artifacts/$target}
case "$target" in
    geometry) binary=_FuzzGeometry ;; hdf5) binary=_FuzzShowerFile ;;
    safetensors) binary=_FuzzSafeTensors ;; model) binary=_FuzzModel ;;
    *) echo "unknown fuzz target '$target'" >&2; exit 2 ;;
esac
for f in "$folder"/*; do
    [[ -f "$f" ]] || continue
    out=$(SWIFT_BACKTRACE=enable=no OPENBLAS_NUM_THREADS=1 ASAN_OPTIONS=detect_leaks=0:allocator_may_return_null=1 \
        timeout 60 ".build-fuzz/debug/$binary" -timeout=10 -rss_limit_mb=2048 -malloc_limit_mb=1024 "$f" 2>&1 || true)
    verdict=$(grep -m1 -oE "ERROR: (AddressSanitizer|libFuzzer): [A-Za-z-]+( on [a-z ]+)?|Fatal error: .{0,120}" <<<"$out" || echo "no failure")
    ours=$(grep -m1 -oE "in [^ ]+ /[^ ]*/Sources/[^ ]+" <<<"$out" || true)
    lib=$(grep -m1 -oE "#[0-9]+ 0x[0-9a-f]+ in [^ ]+ \(/lib[^)]+\)" <<<"$out" | sed -E 's/#[0-9]+ 0x[0-9a-f]+ //' || true)
    printf '%s\t%s bytes\t%s\n\tfirst library frame: %s\n\tfirst calosim frame: %s\n' \
        "$(basename "$f")" "$(stat -c %s "$f")" "$verdict" "${lib:-none}" "${ours:-none}"
done
