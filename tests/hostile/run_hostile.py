#!/usr/bin/env python3
"""The hostile-input suite (CTest: test_hostile): runs strikesim on every case of cases.toml.

Usage: run_hostile.py STRIKESIM_EXE SOURCE_DIR [-k TEXT] [-v]

For each case: makes a fresh scratch folder (and what the case's `setup` asks for in it), runs
`strikesim ARGS` with a time limit, and checks
  - the exit code;
  - every `stderr` fragment is on stderr (and for an error, that stderr is one short message:
    at most 2,000 bytes);
  - nothing on stdout;
  - no output file: {out} does not exist and the scratch folder holds only what the setup made
    (so no temporary file was left either), unless `output = true`: then {out} exists and is
    the only new file;
  - no file of tests/hostile/ was changed, added or removed;
  - the case finished within its time limit.
A case with `unless_root = true` is skipped when run as root (root may write anywhere).
Also checks that every file under tests/hostile/ (but base/) is used by a case and starts with a
line "# Hostile: ..." when it is TOML text (a CSV file, which has no comments, is described by
its case's name). Prints one line per failure and a summary by kind; exits 1
if any check failed. Standard library only (Python >= 3.11 for tomllib).
"""

import argparse
import hashlib
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile
import time
import tomllib
from collections import Counter

MAX_ERROR_BYTES = 2000


def snapshot(folder):
    """{relative path: sha256} of every file under `folder` (symbolic links and FIFOs by name)."""
    out = {}
    for root, dirs, files in os.walk(folder):
        for name in files + [d for d in dirs if os.path.islink(os.path.join(root, d))]:
            p = pathlib.Path(root) / name
            rel = str(p.relative_to(folder))
            if p.is_symlink() or not p.is_file():
                out[rel] = "special"
            elif p.stat().st_size > 10_000_000:
                out[rel] = f"size {p.stat().st_size}"  # a sparse file of the setup
            else:
                out[rel] = hashlib.sha256(p.read_bytes()).hexdigest()
    return out


def fill(text, hostile, work, out):
    return text.replace("{hostile}", str(hostile)).replace("{work}", str(work)).replace("{out}", str(out))


def set_up(steps, hostile, work):
    for step in steps:
        if "fifo" in step:
            os.mkfifo(work / step["fifo"])
        elif "symlink" in step:
            os.symlink(step["to"], work / step["symlink"])
        elif "sparse" in step:
            with open(work / step["sparse"], "wb") as f:
                f.truncate(step["bytes"])
        elif "copy" in step:
            shutil.copyfile(hostile / step["copy"], work / step["to"])
        elif "readonly_dir" in step:
            (work / step["readonly_dir"]).mkdir(mode=0o555)
        elif "write" in step:
            text = fill(step["text"], hostile, work, "")
            text += step.get("repeat", "") * step.get("times", 0) + step.get("then", "")
            (work / step["write"]).write_text(text)
        else:
            raise ValueError(f"unknown setup step {step}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("strikesim")
    parser.add_argument("source_dir")
    parser.add_argument("-k", default="", help="only the cases whose name contains this")
    parser.add_argument("-v", action="store_true", help="print every case")
    args = parser.parse_args()

    hostile = pathlib.Path(args.source_dir).resolve() / "tests" / "hostile"
    manifest = tomllib.loads((hostile / "cases.toml").read_text())
    default_timeout = manifest["timeout"]
    cases = [c for c in manifest["case"] if args.k in c["name"]]
    failures = []
    kinds = Counter()
    before = snapshot(hostile)
    started = time.monotonic()

    def fail(c, why):
        failures.append(f"{c['name']}: {why}")

    skipped = []
    with tempfile.TemporaryDirectory(prefix="strikesim-hostile-") as scratch:
        for i, c in enumerate(cases):
            if c.get("unless_root") and os.geteuid() == 0:
                skipped.append(c["name"])  # root may write anywhere
                continue
            kinds[c["kind"]] += 1
            work = pathlib.Path(scratch) / f"case-{i:03}"
            work.mkdir()
            out = work / "out"
            set_up(c.get("setup", []), hostile, work)
            made = snapshot(work)
            argv = [args.strikesim] + [fill(a, hostile, work, out) for a in c["args"]]
            limit = c.get("timeout", default_timeout)
            t0 = time.monotonic()
            try:
                r = subprocess.run(argv, stdin=subprocess.DEVNULL, capture_output=True, timeout=limit)
            except subprocess.TimeoutExpired:
                fail(c, f"did not finish within {limit} s")
                continue
            seconds = time.monotonic() - t0
            err = r.stderr.decode("utf-8", "replace")
            if args.v:
                print(f"{seconds:6.2f}s exit {r.returncode}  {c['name']}\n         {err.strip()[:300]}")
            if r.returncode != c["exit"]:
                fail(c, f"exit code {r.returncode}, expected {c['exit']}; stderr: {err.strip()[:500]}")
            for fragment in c["stderr"]:
                if fill(fragment, hostile, work, out) not in err:
                    fail(c, f"stderr lacks {fragment!r}; stderr: {err.strip()[:500]}")
            if c.get("no_stderr") and err:
                fail(c, f"stderr should be empty: {err.strip()[:300]}")
            if c["exit"] != 0 and len(r.stderr) > MAX_ERROR_BYTES:
                fail(c, f"stderr has {len(r.stderr)} bytes: not one short message")
            if r.stdout:
                fail(c, f"stdout is not empty: {r.stdout[:200]!r}")
            after = snapshot(work)
            expected = set(made) | ({"out"} if c.get("output") else set())
            if set(after) != expected:
                fail(c, f"files left in the scratch folder: {sorted(set(after) - expected)}; "
                        f"missing: {sorted(expected - set(after))}")
            for name in made:
                if name in after and after[name] != made[name]:
                    fail(c, f"{name} was changed")
            for root, dirs, _ in os.walk(work):
                for d in dirs:
                    os.chmod(os.path.join(root, d), 0o755)
            shutil.rmtree(work, ignore_errors=True)

    if snapshot(hostile) != before:
        failures.append("files of tests/hostile/ were changed, added or removed")
    if not args.k:
        # Every file is named by a case, or by another file (a second trust, the other half of a
        # cycle), and says on its first line what is wrong with it.
        named = " ".join(" ".join(c["args"]) for c in manifest["case"])
        texts = {p: p.read_bytes() for pattern in ("*.toml", "*.csv")
                 for p in hostile.rglob(pattern) if p.is_file()}
        for p, data in sorted(texts.items()):
            rel = p.relative_to(hostile)
            if rel.parts[0] == "base" or p.name == "cases.toml":
                continue
            if f"{{hostile}}/{rel}" not in named and not any(
                    p.name.encode() in other for q, other in texts.items() if q != p):
                failures.append(f"{rel}: no case uses this file")
            first = data.split(b"\n", 1)[0].lstrip(b"\xef\xbb\xbf")
            if p.suffix == ".toml" and data.strip() and data.isascii() and not first.startswith((b"# Hostile: ", b"# Not hostile")):
                failures.append(f"{rel}: the first line does not say what is wrong (# Hostile: ...)")

    for f in failures:
        print("FAIL", f)
    total = time.monotonic() - started
    summary = ", ".join(f"{k} {n}" for k, n in sorted(kinds.items()))
    if skipped:
        print(f"skipped as root: {'; '.join(skipped)}")
    print(f"{len(cases) - len(skipped)} cases ({summary}) in {total:.1f} s: "
          f"{'all passed' if not failures else f'{len(failures)} failures'}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
