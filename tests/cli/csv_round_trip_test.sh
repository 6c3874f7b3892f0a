#!/usr/bin/env bash
# strikesim export-csv and import (docs/import.md):
#   - every shipped trust, the example's (on-call rows, strike cover) and one of our own with the
#     ED settings no shipped file uses yet (streamed patients, bed waits), exported to CSV and
#     imported again runs to the same results: the text report byte for byte, and the JSON but for the names of the files
#     read; and the imported trust exports to the same CSV files but for the notes (so a key the
#     import dropped shows even where the results do not depend on it);
#   - the controls: one changed count in the exported staff rota, and one changed ED setting,
#     change the results (so the comparison can fail);
#   - the example CSV files of scenarios/examples/riverside import to the shipped riverside.toml
#     byte for byte, which validates and runs.
# Usage: tests/cli/csv_round_trip_test.sh STRIKESIM_EXE SOURCE_DIR
set -euo pipefail

usage="usage: csv_round_trip_test.sh STRIKESIM_EXE SOURCE_DIR"
strikesim=${1:?$usage}
source_dir=$(cd "${2:?$usage}" && pwd)
scenarios=$source_dir/scenarios
reps=(--reps 20 --threads 2 -q)

source "$source_dir/tests/cli/script_helpers.sh"

# import_dir DIR OUT: imports the CSV files an export wrote to DIR.
import_dir() {
  local dir=$1 optional=()
  for kind in trust shifts demand; do
    [[ -f $dir/$kind.csv ]] && optional+=(--"$kind" "$dir/$kind.csv")
  done
  "$strikesim" import -q "${optional[@]}" --staff "$dir/staff.csv" --sessions "$dir/sessions.csv" \
    --emergency "$dir/emergency.csv" -o "$2"
}

# without_files JSON: the result without the names of the files it was read from.
without_files() {
  python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
d["scenario"].pop("files", None)
print(json.dumps(d, sort_keys=True))' "$1"
}

# same_csv DIR_A DIR_B: the same CSV files, row for row, but for the notes (which name the line of
# the trust file a row came from).
same_csv() {
  python3 -c 'import csv, os, sys
a, b = sys.argv[1:]
names = sorted(n for n in os.listdir(a) if n.endswith(".csv"))
if names != sorted(n for n in os.listdir(b) if n.endswith(".csv")):
    sys.exit(f"different files: {names}")
for name in names:
    def rows(d):
        with open(os.path.join(d, name), newline="") as f:
            table = list(csv.reader(f))
        keep = [i for i, h in enumerate(table[0]) if h != "note"]
        return [[r[i] for i in keep] for r in table]
    x, y = rows(a), rows(b)
    if x != y:
        diff = next((i, p, q) for i, (p, q) in enumerate(zip(x + [[]], y + [[]])) if p != q)
        sys.exit(f"{name} row {diff[0] + 1}: {diff[1]} against {diff[2]}")' "$1" "$2"
}

# Our own trust: the example with streamed ED patients and a wait for a bed.
own=$tmp/own-csv
mkdir -p "$own"
cp "$scenarios"/examples/riverside/*.csv "$own"
cat >>"$own/trust.csv" <<'CSV'
ed_streamed_share,0.2,a fifth of attendances streamed to GPs and nurse practitioners
ed_streamed_minutes,lognormal mean=90 sd=45,
ed_bed_wait_minutes,lognormal mean=150 sd=120,
CSV
import_dir "$own" "$tmp/riverside-ed.toml"
for key in streamed_share streamed_minutes bed_wait_minutes; do
  grep -q "^$key = " "$tmp/riverside-ed.toml" || fail "our own trust has no $key"
done

for original in "$scenarios"/trusts/{kingston,croydon,epsom-st-helier,st-georges,royal-marsden}.toml \
  "$scenarios/examples/riverside/riverside.toml" "$tmp/riverside-ed.toml"; do
  trust=$(basename "$original" .toml)
  dir=$tmp/$trust
  "$strikesim" export-csv -q "$original" -o "$dir"
  import_dir "$dir" "$dir/imported.toml"
  "$strikesim" validate -q "$dir/imported.toml"
  "$strikesim" export-csv -q "$dir/imported.toml" -o "$dir/again"
  same_csv "$dir" "$dir/again" || fail "$trust: the imported trust exports to other CSV files"
  for action in 2016-01-12 2016-04-26; do
    scenario_for "$original" "$action" "$dir/original-$action.toml"
    scenario_for "$dir/imported.toml" "$action" "$dir/imported-$action.toml"
    for format in text json; do
      "$strikesim" run "$dir/original-$action.toml" "${reps[@]}" --format "$format" -o "$dir/a.$format"
      "$strikesim" run "$dir/imported-$action.toml" "${reps[@]}" --format "$format" -o "$dir/b.$format"
    done
    cmp -s "$dir/a.text" "$dir/b.text" || {
      diff "$dir/a.text" "$dir/b.text" | head -20 >&2
      fail "$trust, $action: the text report of the imported trust differs"
    }
    [[ "$(without_files "$dir/a.json")" == "$(without_files "$dir/b.json")" ]] ||
      fail "$trust, $action: the JSON result of the imported trust differs"
    grep -q '"planned"' "$dir/a.json" || fail "$trust: the JSON result has no figures"
  done
  echo "ok: $trust exported and imported runs to the same results"
done

# The control: fewer doctors on one row change the results.
dir=$tmp/kingston
sed -i 's/^acute_medicine,foundation,day,20,/acute_medicine,foundation,day,12,/' "$dir/staff.csv"
grep -q '^acute_medicine,foundation,day,12,' "$dir/staff.csv" || fail "the control edit did not apply"
import_dir "$dir" "$dir/changed.toml"
scenario_for "$dir/changed.toml" 2016-04-26 "$dir/changed-run.toml"
"$strikesim" run "$dir/changed-run.toml" "${reps[@]}" -o "$dir/c.text"
cmp -s "$dir/a.text" "$dir/c.text" && fail "control: a changed staff count gave the same report"
echo "ok: a changed staff count changes the results"

# The control of the ED settings the shipped trusts do not use yet: a longer wait for a bed.
dir=$tmp/riverside-ed
for setting in ed_streamed_share ed_streamed_minutes ed_bed_wait_minutes; do
  grep -q "^$setting," "$dir/trust.csv" || fail "our own trust's export has no $setting"
done
sed -i 's/^ed_bed_wait_minutes,[^,]*,/ed_bed_wait_minutes,lognormal mean=400 sd=120,/' "$dir/trust.csv"
import_dir "$dir" "$dir/changed.toml"
scenario_for "$dir/changed.toml" 2016-04-26 "$dir/changed-run.toml"
"$strikesim" run "$dir/changed-run.toml" "${reps[@]}" -o "$dir/c.text"
cmp -s "$dir/a.text" "$dir/c.text" && fail "control: a changed bed wait gave the same report"
echo "ok: a changed ED setting changes the results"

# The shipped example: its CSV files give its trust file, byte for byte, and it runs.
example=$scenarios/examples/riverside
"$strikesim" import -q --trust "$example/trust.csv" --staff "$example/staff.csv" \
  --sessions "$example/sessions.csv" --emergency "$example/emergency.csv" \
  --demand "$example/demand.csv" -o "$tmp/riverside.toml"
cmp "$example/riverside.toml" "$tmp/riverside.toml" ||
  fail "scenarios/examples/riverside: importing its CSV files no longer gives riverside.toml"
"$strikesim" validate -q "$example/riverside.toml" "$example/2016-01-12.toml"
"$strikesim" run "$example/2016-01-12.toml" --reps 5 -q -o "$tmp/riverside.txt"
grep -q "Riverside General Hospital (fictional)" "$tmp/riverside.txt" || fail "the example did not run"
echo "ok: the example imports to scenarios/examples/riverside/riverside.toml and runs"
