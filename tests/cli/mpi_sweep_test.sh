#!/usr/bin/env bash
# A sweep across MPI ranks writes the same directory, byte for byte, as one process: with 2 and 3
# ranks, resumed, and sharded. Bad input gives exit code 2 and one message, and writes nothing.
# Needs the MPI build (cmake -DSTRIKESIM_MPI=ON; `make test-mpi`).
# Usage: tests/cli/mpi_sweep_test.sh BUILD_DIR SOURCE_DIR   (MPIEXEC=... to use another mpirun)
set -euo pipefail

build=${1:?usage: mpi_sweep_test.sh BUILD_DIR SOURCE_DIR}
source_dir=${2:?usage: mpi_sweep_test.sh BUILD_DIR SOURCE_DIR}
strikesim=$build/tools/strikesim
sweep=$source_dir/scenarios/sweeps/kingston-decision.toml
# Open MPI refuses to start as root without these; the test machine builds and tests as root.
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
read -r -a mpirun <<<"${MPIEXEC:-mpirun}"
mpirun+=(--oversubscribe)
reps=(--reps 4 --seed 7)

source "$source_dir/tests/cli/script_helpers.sh"

# The reference: one process, two threads.
"$strikesim" sweep "$sweep" "${reps[@]}" --threads 2 -q -o "$tmp/single"
[[ -f $tmp/single/sweep.json && -f $tmp/single/report.html ]] || fail "no sweep.json from one process"

for np in 2 3; do
  "${mpirun[@]}" -np "$np" "$strikesim" sweep "$sweep" "${reps[@]}" --threads 1 -q \
    -o "$tmp/np$np" </dev/null
  same "$tmp/single" "$tmp/np$np" "mpirun -np $np"
done

# Resume: some checkpoints and the assembled files gone, as after a kill.
rm "$tmp/np2/points/000003.json" "$tmp/np2/points/000017.json" "$tmp/np2/sweep.json" \
  "$tmp/np2/sweep.csv"
"${mpirun[@]}" -np 2 "$strikesim" sweep "$sweep" "${reps[@]}" --threads 1 --resume \
  -o "$tmp/np2" </dev/null 2>"$tmp/resume.err"
grep -q "resuming: 18 of 20 points already done" "$tmp/resume.err" ||
  fail "--resume under mpirun did not say what it resumed: $(cat "$tmp/resume.err")"
same "$tmp/single" "$tmp/np2" "mpirun -np 2 --resume"

# Shards under MPI, merged.
"${mpirun[@]}" -np 2 "$strikesim" sweep "$sweep" "${reps[@]}" --threads 1 -q --shard 1/2 \
  -o "$tmp/shard-1" </dev/null
"${mpirun[@]}" -np 3 "$strikesim" sweep "$sweep" "${reps[@]}" --threads 1 -q --shard 2/2 \
  -o "$tmp/shard-2" </dev/null
"$strikesim" merge "$tmp/shard-1" "$tmp/shard-2" -q -o "$tmp/merged"
same "$tmp/single" "$tmp/merged" "mpirun --shard 1/2 and 2/2, merged"

# Bad input: exit code 2, the message once (from rank 0), no directory.
cat >"$tmp/bad.toml" <<EOF
[sweep]
name = "bad"
scenario = "$source_dir/scenarios/runs/kingston/2016-01-12.toml"
[sweep.grid]
"action.participation.mean" = [0.5, 1.7]
EOF
code=0
"${mpirun[@]}" -np 3 "$strikesim" sweep "$tmp/bad.toml" -o "$tmp/bad" </dev/null \
  >/dev/null 2>"$tmp/bad.err" || code=$?
[[ $code == 2 ]] || fail "bad input under mpirun: exit code $code, expected 2"
n=$(grep -c "strikesim: error: .*bad.toml:5:1: .*1.7" "$tmp/bad.err" || true)
[[ $n == 1 ]] || fail "bad input under mpirun: the message $n times, expected once: $(cat "$tmp/bad.err")"
[[ ! -e $tmp/bad ]] || fail "bad input under mpirun wrote a directory"
echo "ok: bad input under mpirun"

# A directory that already holds the sweep, without --resume: exit code 2, nothing changed.
code=0
"${mpirun[@]}" -np 2 "$strikesim" sweep "$sweep" "${reps[@]}" -o "$tmp/np3" </dev/null \
  >/dev/null 2>"$tmp/again.err" || code=$?
[[ $code == 2 ]] || fail "an existing sweep without --resume: exit code $code, expected 2"
grep -q "pass --resume" "$tmp/again.err" || fail "no hint to pass --resume: $(cat "$tmp/again.err")"
same "$tmp/single" "$tmp/np3" "an existing sweep without --resume is left alone"

# The Slurm MPI job script, with mpirun standing in for srun.
STRIKESIM=$strikesim STRIKESIM_LAUNCHER="${mpirun[*]} -np 2" SLURM_CPUS_PER_TASK=1 \
  bash "$source_dir/tools/slurm/sweep-mpi.sh" "$sweep" "$tmp/slurm-mpi" "${reps[@]}" </dev/null
same "$tmp/single" "$tmp/slurm-mpi" "tools/slurm/sweep-mpi.sh"
