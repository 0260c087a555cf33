#!/usr/bin/env python3
"""Cross-checks calosim's precision, recall, density and coverage against the `prdc` package
(Naeem et al., arXiv:2002.09797), the code the CaloChallenge's evaluate.py calls.

Takes the same showers `calosim validate` used and the metrics.json it wrote: the reference is
split in halves A (showers 0..<n) and B (n..<2n), the generated sample is showers n..<2n (0..<n
when it has fewer than 2n), n = min(reference/2, generated, 10000); cells below the report's cell
threshold are set to 0.1 MeV, then log10; k as in the report. Prints both sets of numbers and exits
with status 1 when any differs by more than 1e-9 (the definitions are exact counts).

Usage: scripts/prdc_crosscheck.py REFERENCE.h5 GENERATED.h5 METRICS.json
Needs numpy, h5py and prdc (pip install prdc).
"""
import json
import sys

import h5py
import numpy as np
from prdc import compute_prdc


def features(showers, threshold, empty):
    x = np.where((showers > 0) & (showers >= threshold), showers, empty)
    return np.log10(x.astype(np.float64))


def main():
    reference_path, generated_path, metrics_path = sys.argv[1:4]
    metrics = json.load(open(metrics_path))
    c = metrics["coverage"]
    n, k = c["showers"], c["k"]
    reference = h5py.File(reference_path, "r")["showers"]
    generated = h5py.File(generated_path, "r")["showers"]
    g = slice(n, 2 * n) if generated.shape[0] >= 2 * n else slice(0, n)
    a = features(reference[0:n], c["cellThresholdMeV"], c["emptyCellMeV"])
    b = features(reference[n:2 * n], c["cellThresholdMeV"], c["emptyCellMeV"])
    gen = features(generated[g], c["cellThresholdMeV"], c["emptyCellMeV"])
    worst = 0.0
    for label, fake, key in [("reference half B", b, "referenceVsReference"), ("generated", gen, "generatedVsReference")]:
        expected = compute_prdc(real_features=a, fake_features=fake, nearest_k=k)
        ours = c[key]
        print(f"{label} ({n} showers per sample, k = {k}):")
        for name in ["precision", "recall", "density", "coverage"]:
            worst = max(worst, abs(expected[name] - ours[name]))
            print(f"  {name:9s} prdc {expected[name]:.6f}  calosim {ours[name]:.6f}")
    print(f"largest difference {worst:.3g}")
    sys.exit(0 if worst <= 1e-9 else 1)


if __name__ == "__main__":
    main()
