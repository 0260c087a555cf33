#!/usr/bin/env python3
"""Cross-check (not part of calosim): the classifier two-sample test in PyTorch.

A CaloChallenge-style classifier (2 hidden layers of 512, LeakyReLU 0.2, Adam 2e-4, batches of
1000, 50 epochs, 60/20/20 split, the epoch of lowest validation loss tested) on
log10(E_cell / E_inc + 1e-8) plus log10(E_inc / GeV), standardised. Prints the test AUC, to be
compared with what `calosim validate` reports for the same two files.

Usage: scripts/classifier_crosscheck.py REFERENCE.h5 GENERATED.h5 [--seed S] [--epochs N] [--dropout P]
Needs numpy, h5py and torch.
"""
import argparse

import h5py
import numpy as np
import torch
import torch.nn as nn


def features(path):
    with h5py.File(path, "r") as f:
        e = f["incident_energies"][:, 0].astype(np.float32)
        cells = f["showers"][:].astype(np.float32)
    return np.hstack([np.log10(cells / e[:, None] + 1e-8), np.log10(e / 1e3)[:, None]])


def auc(scores, labels):
    ranks = np.empty(len(scores))
    ranks[np.argsort(scores)] = np.arange(1, len(scores) + 1)
    pos = labels == 1
    return (ranks[pos].sum() - pos.sum() * (pos.sum() + 1) / 2) / (pos.sum() * (~pos).sum())


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("reference")
    p.add_argument("generated")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--epochs", type=int, default=50)
    p.add_argument("--dropout", type=float, default=0.0)
    args = p.parse_args()
    torch.manual_seed(args.seed)
    rng = np.random.default_rng(args.seed)
    ref, gen = features(args.reference), features(args.generated)
    n = min(len(ref), len(gen))
    x = np.vstack([ref[:n], gen[:n]])
    y = np.hstack([np.zeros(n), np.ones(n)]).astype(np.float32)
    order = rng.permutation(len(x))
    x, y = x[order], y[order]
    n_train, n_val = int(0.6 * len(x)), int(0.2 * len(x))
    x = (x - x[:n_train].mean(0)) / (x[:n_train].std(0) + 1e-6)
    xt, yt = torch.tensor(x), torch.tensor(y)
    train, val, test = slice(0, n_train), slice(n_train, n_train + n_val), slice(n_train + n_val, None)
    layers = []
    width = x.shape[1]
    for _ in range(2):
        layers += [nn.Linear(width, 512), nn.LeakyReLU(0.2)] + ([nn.Dropout(args.dropout)] if args.dropout > 0 else [])
        width = 512
    model = nn.Sequential(*layers, nn.Linear(width, 1))
    opt = torch.optim.Adam(model.parameters(), lr=2e-4)
    loss_fn = nn.BCEWithLogitsLoss()
    best = (float("inf"), None, 0)
    for epoch in range(args.epochs):
        model.train()
        perm = torch.randperm(n_train)
        for i in range(0, n_train, 1000):
            b = perm[i:i + 1000]
            opt.zero_grad()
            loss_fn(model(xt[train][b]).squeeze(1), yt[train][b]).backward()
            opt.step()
        model.eval()
        with torch.no_grad():
            val_loss = loss_fn(model(xt[val]).squeeze(1), yt[val]).item()
            if val_loss < best[0]:
                best = (val_loss, auc(model(xt[test]).squeeze(1).numpy(), y[test]), epoch)
    print("%d + %d showers; best validation loss %.4f at epoch %d; test AUC %.3f"
          % (n, n, best[0], best[2] + 1, best[1]))


if __name__ == "__main__":
    main()
