"""Prints the README's table of emergency care on full walk-outs against the same days without a
strike, for every shipped trust, the south-west London region and England (issue 18's bounds:
time in the department 0.8-1.15 times, four-hour share within 5 points, unfilled emergency role
hours under 1% of the emergency role hours of the struck shifts).

Usage: python3 tools/ed_table.py build/tools/strikesim > /tmp/ed-table.md
(seed 2016; 200 replications, 20 for England; 2 threads). The same days without a strike are the
same scenario with --set action.participation=0 and no change of demand.
"""
import json
import subprocess
import sys
from datetime import datetime
from pathlib import Path

exe = sys.argv[1]
root = Path(__file__).resolve().parent.parent / "scenarios"
walkouts = ["2016-04-26", "2023-04-11"]
places = sorted(p.name for p in (root / "runs").iterdir()) + ["south-west-london", "england"]
calm = ["--set", "action.participation=0", "--set", "action.demand.ed_attendances=0",
        "--set", "action.demand.emergency_admissions=0", "--set", "action.demand.bed_wait=0"]


def run(place, action, extra):
    folder = root / ("regions" if place in ("south-west-london", "england") else "runs") / place
    own = folder / f"{action}.toml"
    args = [str(own)] if own.exists() else [str(folder / "2016-04-26.toml"), "--action",
                                             str(root / "actions" / f"{action}.toml")]
    reps = "20" if place == "england" else "200"
    out = subprocess.run([exe, "run", *args, "--reps", reps, "--threads", "2", "--seed", "2016",
                          "--format", "json", "--quiet", *extra],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out), "" if own.exists() else f" (`--action {action}`)"


def role_hours(result):
    total = 0.0
    for trust in result["trusts"]:
        for shift in trust.get("cover_plan") or []:
            hours = (datetime.fromisoformat(shift["end"]) -
                     datetime.fromisoformat(shift["start"])).total_seconds() / 3600
            total += hours * sum(r["needed"] for r in shift["emergency_roles"])
    return total


print("| trust or region | walk-out | ED mean minutes: strike / none (ratio) "
      "| ED within 4 h (%): strike / none (points) | unfilled / emergency role hours (%) |")
print("|---|---|---|---|---|")
for place in places:
    for action in walkouts:
        strike, note = run(place, action, [])
        none, _ = run(place, action, calm)
        s, n = strike["total"]["emergency_care"], none["total"]["emergency_care"]
        if n["ed_attendances"]["mean"] == 0:
            time_cell = four_cell = "no ED"
        else:
            ms, mn = s["mean_minutes_in_department"]["mean"], n["mean_minutes_in_department"]["mean"]
            fs, fn = s["four_hour_percent"]["mean"], n["four_hour_percent"]["mean"]
            time_cell = f"{ms:,.0f} / {mn:,.0f} ({ms / mn:.2f}x)"
            four_cell = f"{fs:.1f} / {fn:.1f} ({fs - fn:+.1f})"
        unfilled = s["unfilled_emergency_role_hours"]["mean"]
        hours = role_hours(strike)
        share = f"{100 * unfilled / hours:.1f}" if hours > 0 else "-"
        print(f"| {place} | {action}{note} | {time_cell} | {four_cell} | "
              f"{unfilled:,.0f} / {hours:,.0f} ({share}) |")
