#!/usr/bin/env bash
#SBATCH --job-name=strikesim-mpi
#SBATCH --nodes=2
#SBATCH --ntasks-per-node=2
#SBATCH --cpus-per-task=4
#SBATCH --mem-per-cpu=1G
#SBATCH --time=02:00:00
#SBATCH --output=strikesim-mpi-%j.out
#
# A sweep across MPI ranks, as one job: rank 0 hands out the points, runs some itself, and writes
# OUT (the same directory, byte for byte, as one `strikesim sweep`); the other ranks need the
# input files but not OUT. Needs strikesim built with -DSTRIKESIM_MPI=ON.
#
#   export STRIKESIM=$PWD/build-mpi/tools/strikesim      # default: strikesim on PATH
#   sbatch tools/slurm/sweep-mpi.sh scenarios/sweeps/england-turnout-act-down.toml \
#          "$SCRATCH/strikesim/england" --reps 20
#
# Options after OUT go to `strikesim sweep`. The job resumes: submit it again after a time-out and
# it finishes the points that are missing. The ranks start with srun; where Open MPI needs it, set
# STRIKESIM_LAUNCHER="srun --mpi=pmix", or STRIKESIM_LAUNCHER=mpirun.
set -euo pipefail

if (($# < 2)); then
  echo "sweep-mpi.sh: usage: sweep-mpi.sh SWEEP_FILE OUT_DIR [strikesim sweep options]" >&2
  exit 2
fi
sweep=$1
out=$2
shift 2
threads=${SLURM_CPUS_PER_TASK:-1}
export SRUN_CPUS_PER_TASK=$threads  # srun does not take --cpus-per-task from sbatch (Slurm 22.05+)

# The launcher is a command line, split into words on purpose.
# shellcheck disable=SC2086
exec ${STRIKESIM_LAUNCHER:-srun} "${STRIKESIM:-strikesim}" sweep "$sweep" -o "$out" --resume \
  --threads "$threads" "$@"
