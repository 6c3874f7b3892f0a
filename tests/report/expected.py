"""What the reports must say, derived independently from a run's JSON (shared by the report and
workbook checks)."""
import json
import subprocess


def run_json(exe, scenario, reps, seed):
    """The `strikesim.result/1` document of a run."""
    out = subprocess.run([exe, "run", str(scenario), "--reps", str(reps), "--seed", str(seed),
                          "--format", "json"], capture_output=True, text=True, check=True).stdout
    return json.loads(out)


def headline(result):
    """The headline's first sentence for a one-trust result, without its full stop: as much of it
    as the JSON gives (up to a figure whose mean lies outside its range, whose max or min the
    JSON does not carry)."""
    ops = result["total"]["elective_operations"]
    slots = result["total"]["outpatient_slots"]

    def num(x):
        # As the reports write a count: whole from 100 (thousands separated) or when whole,
        # else to one decimal.
        if abs(x) >= 100 or x == int(x):
            return f"{x:,.0f}"
        return f"{x:.1f}"

    def rng(s):
        lo, hi = num(s["p05"]), num(s["p95"])
        return lo if lo == hi else f"{lo}-{hi}"

    def no_spread(s):
        return s["sd"] == 0 and s["p05"] == s["p95"]

    def outside(s):
        slack = 1e-9 * max(1.0, abs(s["p05"]), abs(s["p95"]))
        return s["mean"] > s["p95"] + slack or s["mean"] < s["p05"] - slack

    text = f"{result['trusts'][0]['name']} would cancel {rng(ops['cancelled_in_advance'])}"
    if outside(ops["cancelled_in_advance"]):
        return text
    text += f" of {ops['planned']:,.0f} planned operations and {rng(slots['cancelled'])}"
    if outside(slots["cancelled"]):
        return text
    text += f" of {slots['planned']:,.0f} outpatient slots"
    # The share of outcomes a range covers, only beside a range.
    if not (no_spread(ops["cancelled_in_advance"]) and no_spread(slots["cancelled"])):
        text += " (90% of simulated outcomes)"
    return text
