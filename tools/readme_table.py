"""Prints the README's table of headline results for every shipped scenario.

Usage: python3 tools/readme_table.py build/tools/strikesim > /tmp/table.md
(seed 2016; 200 replications, 20 for the England composite; 2 threads). Region files only for the
actions the trusts have runs of, and 25-30 July 2025 (all of them: strikesim backtest).
"""
import json
import subprocess
import sys
from pathlib import Path

exe = sys.argv[1]
root = Path(__file__).resolve().parent.parent / "scenarios"
# Every trust's runs; the regions for the actions the trusts have runs of, and the training set's
# July 2025 (every region file of every action is in the backtest's table).
runs = sorted((root / "runs").rglob("*.toml"))
actions = {f.name for f in runs} | {"2025-07-25.toml"}
files = runs + [f for f in sorted((root / "regions").rglob("*.toml")) if f.name in actions]


def rng(stat, digits=0):
    return f"{stat['p05']:,.{digits}f}-{stat['p95']:,.{digits}f}"


print("| scenario | reps | operations cancelled | outpatient slots cancelled | planned care kept (%) "
      "| unfilled emergency role hours | ED within 4 h (%) | cancelled for nothing (called off) "
      "| days to rebook |")
print("|---|---|---|---|---|---|---|---|---|")
for f in files:
    rel = f.relative_to(root).as_posix()
    reps = 20 if "england" in rel else 200
    out = subprocess.run([exe, "run", str(f), "--reps", str(reps), "--threads", "2", "--seed",
                          "2016", "--format", "json", "--quiet"],
                         check=True, capture_output=True, text=True).stdout
    t = json.loads(out)["total"]
    ops, slots, ec = t["elective_operations"], t["outpatient_slots"], t["emergency_care"]
    has_ed = ec["ed_attendances"]["mean"] > 0
    rec, dec = t["recovery"], t["decision"]
    days = (rng(rec["backlog_days"]) if rec["backlog_days"] is not None
            else f"not within {rec['horizon_days']} in {100 * (1 - rec['cleared_within_horizon_share']):.0f}%")
    wasted = rng(dec["unnecessary_cancellations"]) if dec["called_off_share"] > 0 else "-"
    print(f"| `{rel}` | {reps} | {rng(ops['cancelled_in_advance'])} "
          f"(+{ops['cancelled_on_the_day']['mean']:,.0f} on the day) of {ops['planned']:,.0f} | "
          f"{rng(slots['cancelled'])} of {slots['planned']:,.0f} | "
          f"{rng(t['planned_care']['maintained_percent'], 1)} | "
          f"{rng(ec['unfilled_emergency_role_hours'])} | "
          f"{rng(ec['four_hour_percent']) if has_ed else 'no ED'} | {wasted} | {days} |")
