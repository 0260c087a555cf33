#!/usr/bin/env bash
# Showers on a Slurm cluster: an array of N `calosim simulate|generate --shard K/N` tasks, then one merge.
#   scripts/cluster/slurm-array.sh simulate|generate N OUT.h5 [options of that subcommand]
# (slurm-simulate.sh and slurm-generate.sh call it). The merged file holds the same showers, bit for bit,
# as the subcommand with the same options in one process. Environment: CALOSIM (the binary; default
# `calosim` on the PATH), CPUS per task (default 1), SBATCH_OPTIONS (extra sbatch options, e.g.
# "--partition=short --time=02:00:00").
set -euo pipefail
command=${1:?usage: slurm-array.sh simulate|generate N OUT.h5 OPTIONS...}
n=${2:?usage: slurm-array.sh $command N OUT.h5 OPTIONS...} out=${3:?}
shift 3
here=$(cd "$(dirname "$0")" && pwd)
calosim=$(command -v "${CALOSIM:-calosim}")
out=$(realpath -m "$out")
folder="$out.parts"
mkdir -p "$folder"
# shellcheck disable=SC2086
array=$(sbatch --parsable ${SBATCH_OPTIONS:-} --output="$folder/calosim-%A_%a.log" --cpus-per-task="${CPUS:-1}" --array=1-"$n" \
    "$here/shard.sbatch" "$calosim" "$folder" "$command" "$@")
# shellcheck disable=SC2086
merge=$(sbatch --parsable ${SBATCH_OPTIONS:-} --output="$folder/merge-%j.log" --dependency=afterok:"$array" \
    "$here/merge.sbatch" "$calosim" "$folder" "$n" "$out")
echo "submitted array $array ($n parts into $folder) and merge $merge (into $out)"
