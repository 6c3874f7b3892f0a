#!/usr/bin/env bash
#SBATCH --job-name=strikesim-sweep
#SBATCH --array=1-8
#SBATCH --cpus-per-task=4
#SBATCH --mem=2G
#SBATCH --time=02:00:00
#SBATCH --output=strikesim-sweep-%A_%a.out
#
# A sweep as a Slurm job array: task K of N runs shard K/N of the sweep into OUT/shard-K; once
# every task has finished, tools/slurm/merge.sh joins the shards into OUT/sweep, exactly the
# directory one `strikesim sweep` writes. The shards need no shared state and may run anywhere.
#
#   export STRIKESIM=$PWD/build/tools/strikesim          # default: strikesim on PATH
#   out=$SCRATCH/strikesim/kingston-decision
#   job=$(sbatch --parsable --array=1-8 tools/slurm/sweep-array.sh \
#           scenarios/sweeps/kingston-decision.toml "$out" --reps 200)
#   sbatch --dependency=afterok:${job%%;*} tools/slurm/merge.sh "$out"
#
# Options after OUT go to `strikesim sweep` (--reps, --seed). The array must be 1-N (any N); a
# task that is run again (requeued, or resubmitted with --array=K) finishes its shard from its
# checkpoints. Without Slurm, set SLURM_ARRAY_TASK_ID and SLURM_ARRAY_TASK_COUNT yourself.
set -euo pipefail

die() {
  echo "sweep-array.sh: $*" >&2
  exit 2
}
(($# >= 2)) || die "usage: sweep-array.sh SWEEP_FILE OUT_DIR [strikesim sweep options]"
sweep=$1
out=$2
shift 2
task=${SLURM_ARRAY_TASK_ID:-}
count=${SLURM_ARRAY_TASK_COUNT:-}
[[ -n $task && -n $count ]] || die "not a job array task: submit with sbatch --array=1-N"
if [[ ${SLURM_ARRAY_TASK_MIN:-1} != 1 || ${SLURM_ARRAY_TASK_MAX:-$count} != "$count" ]]; then
  die "the array must be 1-N (got ${SLURM_ARRAY_TASK_MIN:-1}-${SLURM_ARRAY_TASK_MAX:-$count} with" \
    "$count tasks): submit with --array=1-N"
fi

mkdir -p "$out"
exec "${STRIKESIM:-strikesim}" sweep "$sweep" -o "$out/shard-$task" --shard "$task/$count" \
  --resume --threads "${SLURM_CPUS_PER_TASK:-1}" -q "$@"
