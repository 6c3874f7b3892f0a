#!/usr/bin/env bash
# The Slurm scripts (tools/slurm/) without Slurm: every task of the job array run in turn with the
# variables Slurm would set, then the merge job, give the directory one unsharded sweep writes,
# byte for byte. A task run again changes nothing; an array that is not 1-N is refused.
# (sweep-mpi.sh needs the MPI build: tests/cli/mpi_sweep_test.sh runs it.)
# Usage: tests/cli/slurm_scripts_test.sh STRIKESIM_EXE SOURCE_DIR
set -euo pipefail

usage="usage: slurm_scripts_test.sh STRIKESIM_EXE SOURCE_DIR"
export STRIKESIM=${1:?$usage}
source_dir=${2:?$usage}
slurm=$source_dir/tools/slurm
sweep=$source_dir/scenarios/sweeps/kingston-turnout-planning.toml
reps=(--reps 3 --seed 11)

source "$source_dir/tests/cli/script_helpers.sh"

for script in "$slurm"/sweep-array.sh "$slurm"/merge.sh "$slurm"/sweep-mpi.sh; do
  bash -n "$script" || fail "$script: not valid bash"
  grep -q '^#SBATCH ' "$script" || fail "$script: no #SBATCH lines"
done
grep -q '^#SBATCH --array=1-' "$slurm/sweep-array.sh" || fail "sweep-array.sh: no #SBATCH --array"

"$STRIKESIM" sweep "$sweep" "${reps[@]}" --threads 2 -q -o "$tmp/whole"

out=$tmp/out
array() {  # array TASK COUNT: one task of the job array, as Slurm starts it
  SLURM_ARRAY_TASK_ID=$1 SLURM_ARRAY_TASK_COUNT=$2 SLURM_ARRAY_TASK_MIN=1 SLURM_ARRAY_TASK_MAX=$2 \
    SLURM_CPUS_PER_TASK=1 bash "$slurm/sweep-array.sh" "$sweep" "$out" "${reps[@]}"
}
for task in 1 2 3 4; do array "$task" 4; done
array 2 4  # requeued: resumes from its checkpoints, runs nothing
bash "$slurm/merge.sh" "$out" 2>"$tmp/merge.err" || fail "merge.sh: $(cat "$tmp/merge.err")"
same "$tmp/whole" "$out/sweep" "sweep-array.sh 1-4 and merge.sh, against one unsharded sweep"

code=0
SLURM_ARRAY_TASK_ID=1 SLURM_ARRAY_TASK_COUNT=4 SLURM_ARRAY_TASK_MIN=0 SLURM_ARRAY_TASK_MAX=3 \
  bash "$slurm/sweep-array.sh" "$sweep" "$tmp/zero" 2>"$tmp/zero.err" || code=$?
[[ $code == 2 ]] || fail "an array 0-3: exit code $code, expected 2"
grep -q "the array must be 1-N" "$tmp/zero.err" || fail "an array 0-3: $(cat "$tmp/zero.err")"
code=0
env -u SLURM_ARRAY_TASK_ID -u SLURM_ARRAY_TASK_COUNT \
  bash "$slurm/sweep-array.sh" "$sweep" "$tmp/none" 2>/dev/null || code=$?
[[ $code == 2 && ! -e $tmp/none ]] || fail "outside a job array: exit code $code, expected 2"
code=0
bash "$slurm/merge.sh" "$tmp/empty" 2>/dev/null || code=$?
[[ $code == 2 ]] || fail "merge.sh with no shards: exit code $code, expected 2"
echo "ok: sweep-array.sh and merge.sh refuse what they cannot do"
