#!/usr/bin/env bash
# Fast-MC showers on a Slurm cluster: an array of N `calosim generate --shard K/N` tasks, then one merge.
#   scripts/cluster/slurm-generate.sh N OUT.h5 [generate options: --model, --n, --seed, --energy-range, ...]
# Example: scripts/cluster/slurm-generate.sh 100 fast.h5 --model models/eminus --n 1000000 --seed 7 --energy-range 1:100
# The merged file holds the same showers, bit for bit, as `calosim generate` with the same options in one
# process. Environment: CALOSIM (the binary; default `calosim` on the PATH), CPUS per task (default 1),
# SBATCH_OPTIONS (extra sbatch options, e.g. "--partition=short --time=02:00:00").
set -euo pipefail
n=${1:?usage: slurm-generate.sh N OUT.h5 GENERATE_OPTIONS...} out=${2:?}
shift 2
here=$(cd "$(dirname "$0")" && pwd)
calosim=$(command -v "${CALOSIM:-calosim}")
out=$(realpath -m "$out")
folder="$out.parts"
mkdir -p "$folder"
# shellcheck disable=SC2086
array=$(sbatch --parsable ${SBATCH_OPTIONS:-} --output="$folder/calosim-%A_%a.log" --cpus-per-task="${CPUS:-1}" --array=1-"$n" \
    "$here/shard.sbatch" "$calosim" "$folder" generate "$@")
# shellcheck disable=SC2086
merge=$(sbatch --parsable ${SBATCH_OPTIONS:-} --output="$folder/merge-%j.log" --dependency=afterok:"$array" \
    "$here/merge.sbatch" "$calosim" "$folder" "$n" "$out")
echo "submitted array $array ($n parts into $folder) and merge $merge (into $out)"
