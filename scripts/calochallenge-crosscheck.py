#!/usr/bin/env python3
"""Cross-check a calosim shower file against the CaloChallenge's own code.

Runs, from a checkout of github.com/CaloChallenge/homepage (its `code/` folder, imported as it
is, never copied here):
  1. evaluate.py's check_file on the calosim file (voxel count for the dataset, energies vs showers);
  2. HighLevelFeatures with the official binning XML, and compares per layer the mean of its
     E_layer, EC_eta, EC_phi, width_eta, width_phi and sparsity with calosim's own values of
     layer_energy, centroid_x, centroid_y, width_x, width_y and sparsity from `calosim validate`'s
     metrics.json (the reference sample), so the CaloChallenge sees the layers, angles and radii
     that calosim means.

Usage:
  calosim validate --reference showers.h5 --generated other.h5 --out val
  python3 scripts/calochallenge-crosscheck.py --code homepage/code --dataset 2 \
      --file showers.h5 --metrics val/metrics.json
Needs numpy, h5py, matplotlib, torch and scikit-learn (evaluate.py imports them).
"""
import argparse
import json
import os
import sys
import types

import h5py
import numpy as np


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--code", required=True, help="the CaloChallenge homepage checkout's code/ folder")
    p.add_argument("--dataset", required=True, choices=["1-photons", "1-pions", "2", "3"])
    p.add_argument("--file", required=True, help="calosim-written HDF5 file")
    p.add_argument("--metrics", required=True, help="metrics.json of calosim validate with --reference FILE")
    p.add_argument("--tolerance", type=float, default=1e-4, help="relative tolerance of the comparison")
    a = p.parse_args()

    os.environ.setdefault("MPLBACKEND", "Agg")
    sys.path.insert(0, os.path.abspath(a.code))
    import evaluate  # noqa: E402  (the CaloChallenge's module)
    import HighLevelFeatures as HLF  # noqa: E402

    f = h5py.File(a.file, "r")
    evaluate.check_file(f, types.SimpleNamespace(dataset=a.dataset), which="calosim")
    showers = f["showers"][:]
    particle = {"1-photons": "photon", "1-pions": "pion", "2": "electron", "3": "electron"}[a.dataset]
    xml = os.path.join(a.code, "binning_dataset_{}.xml".format(a.dataset.replace("-", "_")))
    hlf = HLF.HighLevelFeatures(particle, filename=xml)
    hlf.CalculateFeatures(showers)

    metrics = json.load(open(a.metrics))
    means = {o["key"]: o["referenceStatistics"]["mean"] for o in metrics["observables"]}
    worst, rows = 0.0, 0
    pairs = [("layer_energy", hlf.E_layers, 1), ("centroid_x", hlf.EC_etas, 1), ("centroid_y", hlf.EC_phis, 1),
             ("width_x", hlf.width_etas, 1), ("width_y", hlf.width_phis, 1), ("sparsity", hlf.sparsity, -1)]
    for name, feature, sign in pairs:
        for layer, values in feature.items():
            ours = means.get("layer{}.{}".format(layer, name))
            if ours is None:
                continue
            # calosim leaves centroids and widths of an empty layer undefined (out of its mean);
            # HighLevelFeatures gives them 0: compare over the showers with energy in the layer.
            if name.startswith(("centroid", "width")):
                values = values[hlf.E_layers[layer] > 0]
            theirs = float(np.mean(values)) if sign > 0 else 1.0 - float(np.mean(values))
            scale = max(abs(theirs), abs(ours), 1e-3 if name.startswith("centroid") else 1e-12)
            dev = abs(theirs - ours) / scale
            worst = max(worst, dev)
            rows += 1
            if dev > a.tolerance:
                print("layer {:2d} {:12s} CaloChallenge {:.6g}  calosim {:.6g}  (rel. {:.2e})".format(
                    layer, name, theirs, ours, dev))
    print("compared {} per-layer means (E_layer, EC_eta/x, EC_phi/y, width_eta/x, width_phi/y, sparsity); "
          "worst relative deviation {:.2e}".format(rows, worst))
    return 0 if worst <= a.tolerance else 1


if __name__ == "__main__":
    sys.exit(main())
