"""Run a strikesim sweep from Python and read its CSV with the standard library only."""
import argparse
import csv
import subprocess
import tempfile
from collections import defaultdict
from pathlib import Path

parser = argparse.ArgumentParser()
parser.add_argument("--strikesim", default="strikesim", help="the strikesim program")
parser.add_argument("--sweep", default="scenarios/sweeps/kingston-turnout-planning.toml")
parser.add_argument("--reps", type=int, default=100)
args = parser.parse_args()

with tempfile.TemporaryDirectory() as tmp:
    out = Path(tmp) / "sweep"
    # Exit code 0: done; 2: bad input (stderr names file:line:col and the key); 1: a bug.
    subprocess.run([args.strikesim, "sweep", args.sweep, "--reps", str(args.reps),
                    "--quiet", "-o", str(out)], check=True)
    points = defaultdict(dict)  # point -> {column or metric: value}
    with open(out / "sweep.csv", newline="") as f:
        for row in csv.DictReader(f):  # one row per point, trust and metric
            if row["trust"] == "total":
                p = points[int(row["point"])]
                p["turnout"] = float(row["action.participation.mean"])
                p["percentile"] = float(row["policy.plan_percentile"])
                p[row["metric"]] = (float(row["mean"]), float(row["ci95_lo"]),
                                    float(row["ci95_hi"]))

print("turnout  plans for  operations cancelled  outpatient slots cancelled (95% CI)")
for _, p in sorted(points.items()):
    ops = p["elective_operations.cancelled_in_advance"]
    slots = p["outpatient_slots.cancelled"]
    print(f"{p['turnout']:7.2f}  {p['percentile']:9.2f}  {ops[0]:20.1f}  "
          f"{slots[0]:8.1f} ({slots[1]:.1f} to {slots[2]:.1f})")
