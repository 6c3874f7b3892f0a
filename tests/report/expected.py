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
    """The headline's first sentence for a one-trust result, without its full stop."""
    ops = result["total"]["elective_operations"]
    slots = result["total"]["outpatient_slots"]

    def rng(s):
        lo, hi = f"{s['p05']:,.0f}", f"{s['p95']:,.0f}"
        return lo if lo == hi else f"{lo}-{hi}"

    return (f"{result['trusts'][0]['name']} would cancel {rng(ops['cancelled_in_advance'])} of "
            f"{ops['planned']:,.0f} planned operations and {rng(slots['cancelled'])} of "
            f"{slots['planned']:,.0f} outpatient slots (90% of simulated outcomes)")
