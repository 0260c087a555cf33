#!/usr/bin/env bash
# Fast-MC showers on a Slurm cluster: an array of N `calosim generate --shard K/N` tasks, then one merge.
#   scripts/cluster/slurm-generate.sh N OUT.h5 [generate options: --model, --n, --seed, --energy-range, ...]
# Example: scripts/cluster/slurm-generate.sh 100 fast.h5 --model models/eminus --n 1000000 --seed 7 --energy-range 1:100
# The merged file holds the same showers, bit for bit, as `calosim generate` with the same options in one
# process. Environment: CALOSIM (the binary; default `calosim` on the PATH), CPUS per task (default 1),
# SBATCH_OPTIONS (extra sbatch options, e.g. "--partition=short --time=02:00:00").
set -euo pipefail
exec "$(dirname "$0")/slurm-array.sh" generate "$@"
