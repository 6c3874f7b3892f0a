#!/usr/bin/env python3
"""The WebAssembly command line (strikesim-node.js under node) against the native one.

    same_answer.py NODE STRIKESIM_NODE_JS NATIVE_STRIKESIM SOURCE_DIR

For a few runs (one trust, a region of five, a change by --set, an action and a policy swapped):
the same exit code and, in the JSON, every whole number equal, every other number within 1e-9
relative, every string equal. Why not byte for byte: the README's "In the browser".
"""
import json
import subprocess
import sys

RUNS = [
    ["run", "scenarios/runs/kingston/2016-01-12.toml"],
    ["run", "scenarios/regions/south-west-london/2016-04-26.toml", "--reps", "40"],
    ["run", "scenarios/runs/croydon/2016-01-12.toml", "--reps", "100", "--seed", "7",
     "--set", "action.participation.mean=0.4", "--set", "policy.decision_days=3"],
    ["run", "scenarios/runs/st-georges/2016-01-12.toml", "--reps", "60",
     "--action", "scenarios/actions/2023-04-11.toml",
     "--policy", "scenarios/policies/regime-2023-24.toml"],
]


def differences(a, b, where="$"):
    if isinstance(a, bool) or isinstance(b, bool):
        return [] if a == b else [f"{where}: {a!r} against {b!r}"]
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        if float(a).is_integer():
            ok = a == b
        else:
            ok = abs(a - b) <= 1e-9 * max(abs(a), abs(b))
        return [] if ok else [f"{where}: {a!r} against {b!r}"]
    if isinstance(a, dict) and isinstance(b, dict):
        out = []
        for k in sorted(set(a) | set(b)):
            out += differences(a.get(k), b.get(k), f"{where}.{k}")
        return out
    if isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            return [f"{where}: {len(a)} items against {len(b)}"]
        out = []
        for i, (x, y) in enumerate(zip(a, b)):
            out += differences(x, y, f"{where}[{i}]")
        return out
    return [] if a == b else [f"{where}: {a!r} against {b!r}"]


def largest_gap(a, b):
    """The largest relative difference between two numbers at the same place."""
    if isinstance(a, dict) and isinstance(b, dict):
        return max([largest_gap(a[k], b[k]) for k in a if k in b] or [0.0])
    if isinstance(a, list) and isinstance(b, list):
        return max([largest_gap(x, y) for x, y in zip(a, b)] or [0.0])
    if isinstance(a, (int, float)) and isinstance(b, (int, float)) and not isinstance(a, bool):
        return abs(a - b) / max(abs(a), abs(b)) if a != b else 0.0
    return 0.0


def leaves(x):
    if isinstance(x, dict):
        return sum(leaves(v) for v in x.values())
    if isinstance(x, list):
        return sum(leaves(v) for v in x)
    return 1


def main():
    node, wasm_js, native, source = sys.argv[1:5]
    failed = 0
    for args in RUNS:
        full = args + ["--format", "json", "-q"]
        w = subprocess.run([node, "--no-experimental-fetch", wasm_js, *full], cwd=source,
                           capture_output=True, text=True)
        n = subprocess.run([native, *full], cwd=source, capture_output=True, text=True)
        what = " ".join(args)
        if w.returncode != 0 or n.returncode != 0:
            print(f"FAIL: {what}: exit {w.returncode} (wasm) and {n.returncode} (native)\n"
                  f"{w.stderr}{n.stderr}")
            failed += 1
            continue
        wj, nj = json.loads(w.stdout), json.loads(n.stdout)
        diffs = differences(wj, nj)
        numbers = leaves(nj)
        exact = w.stdout == n.stdout
        if diffs:
            print(f"FAIL: {what}: {len(diffs)} differences, e.g. " + "; ".join(diffs[:5]))
            failed += 1
        else:
            print(f"ok: {what}: same answer ({'byte for byte' if exact else 'within 1e-9'}; "
                  f"{numbers} values compared, the largest relative difference "
                  f"{largest_gap(wj, nj):.1e})")
    # No threads in WebAssembly: the progress bar draws its last line and the run goes on.
    w = subprocess.run([node, "--no-experimental-fetch", wasm_js, "run",
                        "scenarios/runs/kingston/2016-01-12.toml", "--reps", "5",
                        "--progress", "always", "--format", "json"],
                       cwd=source, capture_output=True, text=True)
    if w.returncode == 0 and "100%" in w.stderr:
        print("ok: the progress bar without a thread: " + w.stderr.strip().splitlines()[-1].strip("\r\x1b[K"))
    else:
        print(f"FAIL: the progress bar without a thread: exit {w.returncode}\n{w.stderr}")
        failed += 1
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
