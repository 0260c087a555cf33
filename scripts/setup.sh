#!/usr/bin/env bash
# Installs the Debian packages calosim builds against, and (pip) onnx and onnxruntime for the ONNX export test. Safe to run again.
set -euo pipefail
packages=(libopenblas-dev libdnnl-dev libfftw3-dev libhdf5-dev libcairo2-dev libpng-dev pkg-config libopenmpi-dev openmpi-bin)
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# ONNX Runtime checks the ONNX export (tests) and is timed by `calosim bench generate`; optional.
python_packages() {
    if ! command -v python3 >/dev/null; then
        echo "setup: no python3: the ONNX Runtime test will be skipped"
    elif python3 -c "import onnx, onnxruntime" 2>/dev/null; then
        echo "setup: onnx and onnxruntime present"
    else
        echo "setup: installing onnx onnxruntime (pip)"
        python3 -m pip install --quiet onnx onnxruntime || echo "setup: pip could not install onnx onnxruntime: the ONNX Runtime test will be skipped"
    fi
}
if [ ${#missing[@]} -eq 0 ]; then
    echo "setup: all packages present (${packages[*]})"
    python_packages
    exit 0
fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
echo "setup: installing ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
python_packages
echo "setup: done"
