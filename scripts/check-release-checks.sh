#!/usr/bin/env bash
# Checks that a release build keeps its API-boundary checks: links a small probe against the
# release objects of CaloTensor (-O) and CaloSim (-Ounchecked) and makes each break a contract;
# each must stop with its message (under -Ounchecked a `precondition` would be an optimiser
# assumption instead, and the probe would run on into undefined behaviour).
#
# Usage, after `swift build -c release`:  scripts/check-release-checks.sh [BUILD_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
build=$(readlink -f "${1:-.build/release}")
work=$(mktemp -d /tmp/calosim-release-checks.XXXX); trap 'rm -rf "$work"' EXIT
cat > "$work/main.swift" <<'SWIFT'
import CaloDetector
import CaloSim
import CaloTensor

switch CommandLine.arguments[1] {
case "matmul":
    let c = matmul(Tensor.zeros([128, 64]), Tensor.zeros([32, 10]))
    print("no check: matmul returned shape \(c.shape)")
case "simulate":
    let simulator = try ShowerSimulator(geometry: try Geometry.resolve("calogan"))
    let r = simulator.simulate(Primary(particle: .electron, kineticEnergyMeV: -5), seed: 1, showerIndex: 0)
    print("no check: simulated a shower of \(r.cells.reduce(0, +)) MeV")
default:
    fatalError("unknown probe")
}
SWIFT
objects=()
for m in CaloSupport CaloResources CaloDetector CaloSim _CBLASLoader CaloBLAS CaloTensor; do
    objects+=("$build/$m.build/"*.o)
done
swiftc -O -I "$build/Modules" -Xcc -fmodule-map-file="$build/_CBLASLoader.build/module.modulemap" \
    -Xcc -I -Xcc Sources/_CBLASLoader/include "$work/main.swift" "${objects[@]}" -ldl -o "$work/probe"
fail=0
check() {  # probe, expected message
    status=0
    # In a child shell, so that its report of the trap stays out of this output.
    bash -c '"$0" "$1" > "$2" 2>&1; exit $?' "$work/probe" "$1" "$work/out" 2>/dev/null || status=$?
    if [ $status -ne 0 ] && grep -qF "$2" "$work/out"; then
        echo "release-checks: $1 stops with \"$(grep -F "$2" "$work/out" | head -1)\""
    else
        echo "release-checks: $1 did not stop with \"$2\" (exit $status): $(head -c 300 "$work/out")"
        fail=1
    fi
}
check matmul "matmul: [128, 64] x [32, 10]"
check simulate "primary energy -5.0 MeV outside"
exit $fail
