#!/bin/bash
# audit-check as a Slurm job array: one array task per shard, each writing its own shard file, then
# one job that merges them once every shard has finished (afterany: a failed shard still gets merged,
# and the merge then says `incomplete`, never `holds`).
#
#   sbatch --array=0-$((SHARDS - 1)) deploy/slurm.sh            # the shards
#   sbatch --dependency=afterany:<array job id> --wrap \
#     "npx audit-check merge $OUT/shard-*.json --out $OUT/counterexamples"   # the merge
#
# Settings (environment): SHARDS (default 8), OUT (default ./shards, on a file system every node
# sees), ARGS (audit-check options, default: the matrix at 3 tasks). Every shard of one run must get
# the same ARGS; merge refuses files that disagree.
#SBATCH --job-name=audit-check
#SBATCH --cpus-per-task=1
#SBATCH --mem=8G
#SBATCH --time=04:00:00
#SBATCH --output=audit-check-%A_%a.log
set -euo pipefail

SHARDS=${SHARDS:-8}
OUT=${OUT:-./shards}
ARGS=${ARGS:---tasks 3}
K=${SLURM_ARRAY_TASK_ID:?run this with sbatch --array=0-$((SHARDS - 1))}

FILE="$OUT/shard-$K-of-$SHARDS.json"
mkdir -p "$OUT"
# A requeued task starts over: audit-check never overwrites a shard file, so drop the stale one.
rm -f "$FILE"
# Exit status 1 (a violation) and 3 (incomplete) are results, not failures: the merge reads them.
status=0
# shellcheck disable=SC2086
npx audit-check $ARGS --quiet --out "$OUT/counterexamples-$K" --shard "$K/$SHARDS" --shard-file "$FILE" || status=$?
[ "$status" -eq 0 ] || [ "$status" -eq 1 ] || [ "$status" -eq 3 ]
