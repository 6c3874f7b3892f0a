#!/usr/bin/env bash
# strikesim export-csv and import (docs/import.md):
#   - every shipped trust, the example's (on-call rows, strike cover) and one of our own with the
#     keys no shipped file uses yet (streamed ED patients, bed waits, on-call doctors who rest
#     from the next morning's shift: rests_from), exported to CSV and imported again runs to the
#     same results under an emergency-care-only action and two full walk-outs (the 2023 one
#     strikes nights and the mornings after them): the text report byte for byte, and the JSON
#     but for the names of the files read; and the imported trust exports to the same CSV files
#     but for the notes (so a key the import dropped shows even where the results do not depend
#     on it);
#   - the controls: one changed count in the exported staff rota, one changed ED setting and
#     an on-call row's rests_from left blank change the results (so the comparison can fail);
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

# Our own trust: the example with streamed ED patients, a wait for a bed, and its on-call ED
# consultant at night rostered on the next day shift, which they miss to rest (rests_from).
own=$tmp/own-csv
mkdir -p "$own"
cp "$scenarios"/examples/riverside/*.csv "$own"
cat >>"$own/trust.csv" <<'CSV'
ed_streamed_share,0.2,a fifth of attendances streamed to GPs and nurse practitioners
ed_streamed_minutes,lognormal mean=90 sd=45,
ed_bed_wait_minutes,lognormal mean=150 sd=120,
CSV
python3 -c 'import csv, sys
path = sys.argv[1]
with open(path, newline="") as f:
    rows = list(csv.reader(f))
at = rows[0].index("on_call") + 1
found = 0
for i, r in enumerate(rows):
    rest = "rests_from" if i == 0 else ""
    if r[:3] == ["emergency_medicine", "consultant", "night"] and r[at - 1] == "yes":
        rest, found = "day", found + 1
    r.insert(at, rest)
if found != 1:
    sys.exit(f"{found} on-call ED consultant rows at night in the example, expected 1")
with open(path, "w", newline="") as f:
    csv.writer(f, lineterminator="\r\n").writerows(rows)' "$own/staff.csv"
import_dir "$own" "$tmp/riverside-ed.toml"
for key in streamed_share streamed_minutes bed_wait_minutes rests_from; do
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
  for action in 2016-01-12 2016-04-26 2023-04-11; do
    scenario_for "$original" "$action" "$dir/original-$action.toml"
    scenario_for "$dir/imported.toml" "$action" "$dir/imported-$action.toml"
    a=$dir/a-$action b=$dir/b-$action
    for format in text json; do
      "$strikesim" run "$dir/original-$action.toml" "${reps[@]}" --format "$format" -o "$a.$format"
      "$strikesim" run "$dir/imported-$action.toml" "${reps[@]}" --format "$format" -o "$b.$format"
    done
    cmp -s "$a.text" "$b.text" || {
      diff "$a.text" "$b.text" | head -20 >&2
      fail "$trust, $action: the text report of the imported trust differs"
    }
    [[ "$(without_files "$a.json")" == "$(without_files "$b.json")" ]] ||
      fail "$trust, $action: the JSON result of the imported trust differs"
    grep -q '"planned"' "$a.json" || fail "$trust: the JSON result has no figures"
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
cmp -s "$dir/a-2016-04-26.text" "$dir/c.text" && fail "control: a changed staff count gave the same report"
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
cmp -s "$dir/a-2016-04-26.text" "$dir/c.text" && fail "control: a changed bed wait gave the same report"
echo "ok: a changed ED setting changes the results"

# The control of rests_from: the on-call ED consultant who rests after a struck night left
# extra to the next day's rota (the cell blank) changes the 2023 walk-out's results. From a
# fresh export of our own trust (the bed wait above stays as it was).
reference=$dir/a-2023-04-11.text
dir=$tmp/rests-control
"$strikesim" export-csv -q "$tmp/riverside-ed.toml" -o "$dir"
grep -q '^emergency_medicine,consultant,night,1,no,yes,day,' "$dir/staff.csv" ||
  fail "our own trust's export has no on-call row with rests_from day"
sed -i 's/^\(emergency_medicine,consultant,night,1,no,yes\),day,/\1,,/' "$dir/staff.csv"
grep -q '^emergency_medicine,consultant,night,1,no,yes,,' "$dir/staff.csv" ||
  fail "the rests_from control edit did not apply"
import_dir "$dir" "$dir/changed.toml"
grep -q '^rests_from = ' "$dir/changed.toml" && fail "the rests_from control still rests"
scenario_for "$dir/changed.toml" 2023-04-11 "$dir/changed-run.toml"
"$strikesim" run "$dir/changed-run.toml" "${reps[@]}" -o "$dir/c.text"
cmp -s "$reference" "$dir/c.text" &&
  fail "control: an on-call row without rests_from gave the same report"
echo "ok: an on-call row's rests_from changes the results"

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
