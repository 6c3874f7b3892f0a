"""The README's Python example runs against the built program, and the README shows it verbatim.

Usage: python_example_test.py STRIKESIM_EXE SOURCE_DIR
"""
import subprocess
import sys
from pathlib import Path

exe, src = sys.argv[1], Path(sys.argv[2])
example = src / "tools/examples/sweep_from_python.py"
failed = 0

readme = (src / "README.md").read_text()
if example.read_text() not in readme:
    print("FAIL: README.md does not show tools/examples/sweep_from_python.py verbatim")
    failed += 1
else:
    print("ok: README shows the example verbatim")

run = subprocess.run([sys.executable, str(example), "--strikesim", exe, "--reps", "3"],
                     cwd=src, capture_output=True, text=True)
lines = run.stdout.splitlines()
if run.returncode != 0 or len(lines) != 16 or not lines[0].startswith("turnout"):
    print(f"FAIL: the example exited {run.returncode} with {len(lines)} lines\n{run.stdout}"
          f"\n{run.stderr}")
    failed += 1
else:
    print("ok: the example printed a header and 15 points")
print(f"{2 - failed} passed, {failed} failed")
sys.exit(1 if failed else 0)
