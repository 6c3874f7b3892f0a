#!/usr/bin/env bash
#SBATCH --job-name=strikesim-merge
#SBATCH --cpus-per-task=1
#SBATCH --mem=1G
#SBATCH --time=00:30:00
#SBATCH --output=strikesim-merge-%j.out
#
# Joins the shards that tools/slurm/sweep-array.sh wrote (OUT/shard-*) into OUT/sweep: plan.json,
# points/, sweep.json, sweep.csv, sensitivity.csv and report.html, exactly as one unsharded
# `strikesim sweep` writes them. Submit it to run after the array:
#
#   sbatch --dependency=afterok:ARRAY_JOB_ID tools/slurm/merge.sh "$out"
#
# strikesim merge refuses shards of different sweeps, a point that differs between shards, or a
# missing point (it names them: run those tasks again, then this).
set -euo pipefail

die() {
  echo "merge.sh: $*" >&2
  exit 2
}
(($# == 1)) || die "usage: merge.sh OUT_DIR"
out=$1
shopt -s nullglob
shards=("$out"/shard-*)
((${#shards[@]} > 0)) || die "no shard directories in $out (expected $out/shard-1 ...)"
exec "${STRIKESIM:-strikesim}" merge "${shards[@]}" -o "$out/sweep"
