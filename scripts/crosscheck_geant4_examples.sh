#!/usr/bin/env bash
# Cross-checks of the reference simulator against Geant4's own example outputs (developer tool;
# needs python3 with h5py and numpy for the analysis, never calosim at run time).
#
#  1. TestEm3 (Geant4 9.1 reference output TestEm3.out): 50 x (2.3 mm Pb + 5.7 mm LAr), 1 GeV e-,
#     1 mm cut, 100 events: LAr 204.92 MeV, rms 14.37 MeV, sqrt(E) rms/mean = 7.01 +- 0.70 %;
#     Pb 785.73 MeV, rms 16.25 MeV (2.07 %). The same example's output for Geant4 10.3
#     (emstandard_opt0, 100 events): LAr 211.94 MeV, rms 15.39 MeV (7.26 +- 0.73 %); Pb 777.73 MeV,
#     rms 18.97 MeV (2.44 %).
#  2. TestEm2 (reference output TestEm2.out): PbWO4, 20 X0 long, 5 GeV e-, 1 mm cut, 100 events:
#     deposit within a cylinder of radius 5 X0 = 94.76 % of E0 (rms 0.82 %); 90 % of E0 lies
#     within 3.05 X0 = 2.72 cm.
# Usage: scripts/crosscheck_geant4_examples.sh [path/to/calosim] [showers]
set -euo pipefail
calosim=${1:-.build/release/calosim}
n=${2:-2000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 - "$work" <<'PY'
import json, sys
w = sys.argv[1]
layers, z = [], 0.0
for i in range(50):
    for t in (2.3, 5.7):
        z0, z = round(z, 6), round(z + t, 6)
        layers.append({"zMM": [z0, z], "cells": {"rows": 1, "cols": 1, "heightMM": 400, "widthMM": 400}})
json.dump({"name": "testem3-pb", "transverse": {"widthMM": 400, "heightMM": 400},
           "stack": {"period": [{"material": "Pb", "thicknessMM": 2.3},
                                {"material": "LAr", "thicknessMM": 5.7, "active": True}], "repeat": 50},
           "layers": layers}, open(f"{w}/testem3-pb.json", "w"))
x0 = 8.9245
json.dump({"name": "testem2", "transverse": {"widthMM": 201, "heightMM": 201},
           "stack": {"slabs": [{"material": "PbWO4", "thicknessMM": 20 * x0}]},
           "layers": [{"zMM": [0, 20 * x0], "cells": {"rows": 201, "cols": 201, "heightMM": 1, "widthMM": 1}}]},
          open(f"{w}/testem2.json", "w"))
PY
"$calosim" simulate --geometry "$work/testem3-pb.json" --energy 1 --n "$n" --production-cut 1 --quiet --out "$work/te3.h5"
"$calosim" simulate --geometry "$work/testem2.json" --energy 5 --n $((n / 5)) --production-cut 1 --quiet --out "$work/te2.h5"
python3 - "$work" <<'PY'
import sys, h5py, numpy as np
w = sys.argv[1]
s = h5py.File(f"{w}/te3.h5")["showers"][:]
pb, ar = s[:, 0::2].sum(1), s[:, 1::2].sum(1)
n = len(ar)
print(f"TestEm3 Pb/LAr 1 GeV e- ({n} showers): LAr {ar.mean():.2f} +- {ar.std()/np.sqrt(n):.2f} MeV (Geant4 204.92 +- 1.44), "
      f"sqrt(E) rms/mean {100*ar.std()/ar.mean():.2f} +- {100*ar.std()/ar.mean()/np.sqrt(2*n):.2f} % (Geant4 7.01 +- 0.70); "
      f"Pb {pb.mean():.2f} MeV (Geant4 785.73 +- 1.63), {100*pb.std()/pb.mean():.2f} % (Geant4 2.07); "
      f"Geant4 10.3: LAr 211.94 +- 1.54 MeV, 7.26 +- 0.73 %; Pb 777.73 +- 1.90 MeV, 2.44 %")
s = h5py.File(f"{w}/te2.h5")["showers"][:].reshape(-1, 201, 201)
x0 = 8.9245
c = np.arange(201) - 100.0
xx, yy = np.meshgrid(c, c)
r = np.sqrt(xx**2 + yy**2)
inside = s[:, r <= 5 * x0].sum(1) / 5000
prof = s.mean(0).ravel()
order = np.argsort(r.ravel())
k = np.searchsorted(np.cumsum(prof[order]), 0.9 * 5000)
print(f"TestEm2 PbWO4 5 GeV e- ({len(s)} showers): deposit in r < 5 X0 {100*inside.mean():.2f} % E0 (Geant4 94.76), "
      f"rms {100*inside.std():.2f} % (Geant4 0.82); 90 % of E0 within {r.ravel()[order][k]/x0:.2f} X0 (Geant4 3.05, 1 mm cells)")
PY
