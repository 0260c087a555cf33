#!/usr/bin/env python3
"""Cross-check (not part of calosim): how often the resolution criterion passes by chance.

The validation's rms resolution check asks that rms/mean of E_tot/E_inc agree within 10 % in five energy bins between a
10,000-shower reference sample and 10,000 generated showers (2,000 per bin). This draws such pairs
of samples many times and counts how often each bin, and all five, pass:
  - simulator against simulator: two disjoint draws from the reference pool (a perfect model);
  - each generated pool against a draw from the reference pool;
both for the rms (the criterion) and for the core (interquartile range / 1.349 / median).

Usage: scripts/resolution_pass_rate.py POOL.h5 [GENERATED.h5 ...] [--trials 2000] [--per-bin 2000]
POOL.h5 should hold >= 2 x per-bin showers per bin (calosim merge several simulated samples);
GENERATED files are calosim generate outputs (e.g. --energies-from POOL.h5 with several seeds).
Needs numpy and h5py.
"""
import argparse

import h5py
import numpy as np

BINS = [(1e3, 2e4), (2e4, 4e4), (4e4, 6e4), (6e4, 8e4), (8e4, 1e5 + 1)]


def responses(path):
    with h5py.File(path, "r") as f:
        e = f["incident_energies"][:, 0].astype(np.float64)
        r = f["showers"][:].astype(np.float64).sum(axis=1) / e
    return [r[(e >= lo) & (e < hi)] for lo, hi in BINS]


def rms(x):
    return x.std() / x.mean()


def core(x):
    q1, q3 = np.quantile(x, [0.25, 0.75])
    return (q3 - q1) / 1.349 / np.median(x)


def pass_rates(pool, generated, per_bin, trials, rng):
    rms_bin, core_bin, rms_all, core_all = np.zeros(5), np.zeros(5), 0, 0
    for _ in range(trials):
        ok_rms = ok_core = True
        for b in range(5):
            if generated is None:
                idx = rng.permutation(len(pool[b]))
                ref, gen = pool[b][idx[:per_bin]], pool[b][idx[per_bin:2 * per_bin]]
            else:
                ref = rng.choice(pool[b], per_bin, replace=False)
                gen = rng.choice(generated[b], per_bin, replace=False)
            a = abs(rms(gen) / rms(ref) - 1) <= 0.1
            c = abs(core(gen) / core(ref) - 1) <= 0.1
            rms_bin[b] += a
            core_bin[b] += c
            ok_rms &= a
            ok_core &= c
        rms_all += ok_rms
        core_all += ok_core
    return rms_bin / trials, rms_all / trials, core_bin / trials, core_all / trials


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("pool")
    p.add_argument("generated", nargs="*")
    p.add_argument("--trials", type=int, default=2000)
    p.add_argument("--per-bin", type=int, default=2000)
    p.add_argument("--seed", type=int, default=7)
    args = p.parse_args()
    rng = np.random.default_rng(args.seed)
    pool = responses(args.pool)
    print("showers per bin in the pool:", [len(x) for x in pool])
    print("pool rms/mean [%]: ", " ".join("%.4f" % (100 * rms(x)) for x in pool))
    print("pool core [%]:     ", " ".join("%.4f" % (100 * core(x)) for x in pool))

    def show(name, res):
        rb, ra, cb, ca = res
        print("%-28s rms: per bin %s, all five %.4f | core: per bin %s, all five %.4f"
              % (name, " ".join("%.3f" % v for v in rb), ra, " ".join("%.3f" % v for v in cb), ca))

    if all(len(x) >= 2 * args.per_bin for x in pool):
        show("simulator vs simulator", pass_rates(pool, None, args.per_bin, args.trials, rng))
    if args.generated:
        gens = [responses(g) for g in args.generated]
        merged = [np.concatenate([g[b] for g in gens]) for b in range(5)]
        print("generated rms/mean [%]:", " ".join("%.4f" % (100 * rms(x)) for x in merged))
        print("generated core [%]:    ", " ".join("%.4f" % (100 * core(x)) for x in merged))
        show("generated vs pool", pass_rates(pool, merged, args.per_bin, args.trials, rng))


if __name__ == "__main__":
    main()
