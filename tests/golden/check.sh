#!/usr/bin/env bash
# Golden-file regression test for the shipped scenarios (every file of scenarios/runs, and the
# region files listed in tests/golden/regions.txt): runs each with a fixed seed and a few
# replications and compares the text report with tests/golden/<path>.txt, showing a unified diff
# on change.
#
#   tests/golden/check.sh STRIKESIM_EXE SOURCE_DIR            # check (CTest runs this)
#   tests/golden/check.sh STRIKESIM_EXE SOURCE_DIR --update   # rewrite after an intended change
#                                                               (`make golden` does this)
set -euo pipefail
exe=$1
src=$2
update=${3:-}
cd "$src"
golden=tests/golden
failed=0
count=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
while IFS= read -r scenario; do
  # England's composite simulates about 170 trusts: fewer replications keep CI short.
  reps=20
  case $scenario in scenarios/regions/england/*) reps=3 ;; esac
  name=${scenario#scenarios/}
  name=${name%.toml}
  expected=$golden/${name//\//__}.txt
  "$exe" run "$scenario" --reps "$reps" --seed 2016 --threads 2 --format text -o "$tmp/out.txt"
  count=$((count + 1))
  if [[ $update == --update ]]; then
    cp "$tmp/out.txt" "$expected"
  elif [[ ! -f $expected ]]; then
    echo "golden: no golden file $expected for $scenario (run: make golden)"
    failed=1
  elif ! diff -u "$expected" "$tmp/out.txt"; then
    echo "golden: $scenario differs from $expected (after an intended change: make golden)"
    failed=1
  fi
done < <({
  find scenarios/runs -name '*.toml'
  grep -v '^#' "$golden/regions.txt" | sed '/^$/d; s|^|scenarios/|'
} | LC_ALL=C sort)
if [[ $update == --update ]]; then
  echo "golden: wrote $count files"
  # Remove golden files whose scenario is gone or no longer pinned.
  for g in "$golden"/*.txt; do
    [[ $(basename "$g") == regions.txt ]] && continue
    name=$(basename "${g%.txt}" | sed 's|__|/|g')
    s=scenarios/$name.toml
    pinned=1
    [[ $name == regions/* ]] && ! grep -qx "$name.toml" "$golden/regions.txt" && pinned=0
    [[ -f $s && $pinned == 1 ]] || { rm -f "$g"; echo "golden: removed $g"; }
  done
fi
[[ $count -gt 0 ]] || { echo "golden: no scenarios found"; exit 1; }
exit $failed
