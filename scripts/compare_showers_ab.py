#!/usr/bin/env python3
"""Statistical comparison of two shower files of one geometry (e.g. the same command run by a base
and a new calosim binary with different seeds): per readout layer the mean deposit and its pull
(difference over the combined standard error), for layers holding more than 1 % of the peak; the
mean and rms of the total and, with --split-even-odd (testem3: absorber, gap alternate), of the
even and odd layer sums, with pulls (the error of an rms from the fourth moment).

    scripts/compare_showers_ab.py base.h5 new.h5 [--split-even-odd] [--max-pull 3]

Exit status 1 when a pull exceeds --max-pull (default 3) in absolute value."""
import argparse
import sys

import h5py
import numpy as np


def layer_sums(path):
    with h5py.File(path, "r") as f:
        cells = f["showers"][()].astype(np.float64)
        import json
        layers = json.loads(f.attrs["geometry"])["layers"]
    sizes = [l["cells"]["rows"] * l["cells"]["cols"] for l in layers]
    edges = np.cumsum([0] + sizes)
    return np.stack([cells[:, edges[i]:edges[i + 1]].sum(axis=1) for i in range(len(sizes))], axis=1)


def mean_pull(a, b):
    se = np.sqrt(a.var(ddof=1) / len(a) + b.var(ddof=1) / len(b))
    return (b.mean() - a.mean()) / se if se > 0 else 0.0


def rms_and_error(x):
    n = len(x)
    s = x.std(ddof=1)
    m4 = ((x - x.mean()) ** 4).mean()
    var_of_var = (m4 - s ** 4 * (n - 3) / (n - 1)) / n
    return s, np.sqrt(max(var_of_var, 0)) / (2 * s)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("base")
    p.add_argument("new")
    p.add_argument("--split-even-odd", action="store_true")
    p.add_argument("--max-pull", type=float, default=3.0)
    args = p.parse_args()
    a, b = layer_sums(args.base), layer_sums(args.new)
    print(f"showers: base {len(a)}, new {len(b)}; layers {a.shape[1]}")
    worst = 0.0
    pulls = []
    peak = max(a.mean(axis=0).max(), b.mean(axis=0).max())
    print(" layer   base mean    new mean   ratio    pull")
    for i in range(a.shape[1]):
        ma, mb = a[:, i].mean(), b[:, i].mean()
        if max(ma, mb) < 0.01 * peak:
            continue
        pl = mean_pull(a[:, i], b[:, i])
        pulls.append(pl)
        worst = max(worst, abs(pl))
        print(f"{i:6d} {ma:11.3f} {mb:11.3f} {mb / ma if ma > 0 else float('nan'):7.4f} {pl:7.2f}")
    pulls = np.array(pulls)
    print(f"layer pulls: {len(pulls)} layers, mean {pulls.mean():.2f}, rms {pulls.std():.2f}, "
          f"max |pull| {np.abs(pulls).max():.2f}")
    sums = {"total": (a.sum(axis=1), b.sum(axis=1))}
    if args.split_even_odd:
        sums["even layers"] = (a[:, 0::2].sum(axis=1), b[:, 0::2].sum(axis=1))
        sums["odd layers"] = (a[:, 1::2].sum(axis=1), b[:, 1::2].sum(axis=1))
    for name, (x, y) in sums.items():
        pl = mean_pull(x, y)
        sx, ex = rms_and_error(x)
        sy, ey = rms_and_error(y)
        rpl = (sy - sx) / np.hypot(ex, ey)
        worst = max(worst, abs(pl), abs(rpl))
        print(f"{name:12} mean {x.mean():10.2f} -> {y.mean():10.2f} (ratio {y.mean() / x.mean():.4f}, pull {pl:5.2f}); "
              f"rms {sx:8.2f} -> {sy:8.2f} (ratio {sy / sx:.4f}, pull {rpl:5.2f})")
    print(f"worst |pull| {worst:.2f} (limit {args.max_pull})")
    sys.exit(1 if worst > args.max_pull else 0)


if __name__ == "__main__":
    main()
