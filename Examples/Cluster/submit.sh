#!/usr/bin/env bash
# Submits N shards as a Slurm job array and a merge that waits for all of them:
#
#   Examples/Cluster/submit.sh N PARTS OUTPUT [analyze|basins] -- OPTIONS...
#   Examples/Cluster/submit.sh 64 parts out analyze -- --cell gru --weights model.safetensors --input 1,0.5,0.5
#
# DYNAMICS defaults to .build/release/dynamics (build it first: swift build -c release --product dynamics).
# Prints the two job ids; with WAIT=1 returns when the merge has finished, with its exit status.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
[ $# -ge 5 ] && [ "$5" = "--" ] || { echo "usage: $0 N PARTS OUTPUT analyze|basins -- OPTIONS..." >&2; exit 2; }
count=$1 parts=$2 output=$3 command=$4
shift 5
export DYNAMICS="${DYNAMICS:-$PWD/.build/release/dynamics}"
export PARTS="$(mkdir -p "$parts" && cd "$parts" && pwd)" OUTPUT="$output" COMMAND="$command" ARGS="$*"
[ -x "$DYNAMICS" ] || { echo "no executable $DYNAMICS; run swift build -c release --product dynamics" >&2; exit 1; }
array=$(sbatch --parsable --array=0-$((count - 1)) --export=ALL "$here/analyze.sbatch")
echo "shards: job array $array ($count tasks)"
wait_flag=()
[ "${WAIT:-0}" = 1 ] && wait_flag=(--wait)
merge=$(sbatch --parsable "${wait_flag[@]}" --dependency=afterok:"$array" --kill-on-invalid-dep=yes --export=ALL "$here/merge.sbatch")
echo "merge: job $merge (after every shard succeeds)"
