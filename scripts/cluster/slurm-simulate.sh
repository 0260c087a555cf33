#!/usr/bin/env bash
# Reference showers on a Slurm cluster: an array of N `calosim simulate --shard K/N` tasks, then one merge.
#   scripts/cluster/slurm-simulate.sh N OUT.h5 [simulate options: --n, --seed, --geometry, --energy-range, ...]
# Example: scripts/cluster/slurm-simulate.sh 100 eminus.h5 --n 1000000 --seed 7 --energy-range 1:100
# The merged file holds the same showers, bit for bit, as `calosim simulate` with the same options in one
# process. Environment: CALOSIM (the binary; default `calosim` on the PATH), CPUS per task (default 1),
# SBATCH_OPTIONS (extra sbatch options, e.g. "--partition=short --time=02:00:00").
set -euo pipefail
n=${1:?usage: slurm-simulate.sh N OUT.h5 SIMULATE_OPTIONS...} out=${2:?}
shift 2
here=$(cd "$(dirname "$0")" && pwd)
calosim=$(command -v "${CALOSIM:-calosim}")
out=$(realpath -m "$out")
folder="$out.parts"
mkdir -p "$folder"
# shellcheck disable=SC2086
array=$(sbatch --parsable ${SBATCH_OPTIONS:-} --output="$folder/calosim-%A_%a.log" --cpus-per-task="${CPUS:-1}" --array=1-"$n" \
    "$here/shard.sbatch" "$calosim" "$folder" simulate "$@")
# shellcheck disable=SC2086
merge=$(sbatch --parsable ${SBATCH_OPTIONS:-} --output="$folder/merge-%j.log" --dependency=afterok:"$array" \
    "$here/merge.sbatch" "$calosim" "$folder" "$n" "$out")
echo "submitted array $array ($n parts into $folder) and merge $merge (into $out)"
