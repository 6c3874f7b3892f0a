#!/usr/bin/env python3
"""The README's backtest table: model against record, from `strikesim backtest --format json`.

    python3 tools/backtest_table.py build/tools/strikesim [--reps 200]

Runs `strikesim backtest --reps N --threads 2 --format json` and prints the record rows as a
Markdown table (standard library only).
"""
import argparse
import json
import subprocess
import sys
import tempfile

MEASURE = {
    "operations": "operations",
    "outpatient_slots": "outpatient slots",
    "operations_and_slots": "operations and slots",
    "planned_care_maintained_percent": "planned care maintained (%)",
}


def number(x: float) -> str:
    return f"{x:,.1f}" if abs(x) < 100 else f"{x:,.0f}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("strikesim")
    parser.add_argument("--reps", type=int, default=200)
    args = parser.parse_args()
    with tempfile.NamedTemporaryFile(suffix=".json") as out:
        subprocess.run([args.strikesim, "backtest", "--reps", str(args.reps), "--threads", "2",
                        "--format", "json", "-o", out.name], check=True,
                       stderr=subprocess.DEVNULL)
        result = json.load(open(out.name))
    print("| action (trust) | measure | record | model mean (p05-p95) | ratio | tolerance | within |")
    print("|---|---|---|---|---|---|---|")
    for r in result["record"]:
        region = r["scenario"].split("/")[1].replace("south-west-london", "south-west London")
        action = r["scenario"].split("/")[2].removesuffix(".toml")
        where = f"{region} {action}" + (f", {r['trust'].capitalize()}" if r["trust"] else "")
        tol = r["tolerance"] or {}
        tolerance = (f"x{tol['factor']:g}" if "factor" in tol else
                     f"±{tol['points']:g} points" if "points" in tol else "informative")
        m = r.get("model")
        model = f"{number(m['mean'])} ({number(m['p05'])}-{number(m['p95'])})" if m else "not run"
        ratio = f"{r['ratio']:.2f}" if r.get("ratio") is not None else ""
        within = {"within": "yes", "outside": "**no**"}.get(r["status"], "")
        record = f"{r['value']:,.0f}" if r["value"] == int(r["value"]) else number(r["value"])
        print(f"| {where} | {MEASURE[r['measure']]} | {record} | {model} | {ratio} | "
              f"{tolerance} | {within} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
