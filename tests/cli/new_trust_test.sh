#!/usr/bin/env bash
# strikesim new-trust (docs/your-trust.md), from the figures of a fictional trust:
#   - new-trust, validate and run in one go (the time they take is printed, not asserted);
#   - the run's planned operations follow --operations (52 weeks of 5 weekdays) and its ED
#     attendances --ed-attendances (365 days), within the rounding of whole lists;
#   - metamorphic: doubling --operations doubles the planned operations, doubling
#     --ed-attendances the ED attendances, and the outpatient slots do not move with either;
#   - bad input (a zero or negative figure, an unknown archetype or specialty, a required figure
#     left out) exits 2 with a message naming the option, and writes no file.
# Usage: tests/cli/new_trust_test.sh STRIKESIM_EXE SOURCE_DIR
set -euo pipefail

usage="usage: new_trust_test.sh STRIKESIM_EXE SOURCE_DIR"
strikesim=${1:?$usage}
source_dir=$(cd "${2:?$usage}" && pwd)
scenarios=$source_dir/scenarios
export STRIKESIM_SCENARIOS=$scenarios

source "$source_dir/tests/cli/script_helpers.sh"

# Riverside General (fictional): 420 beds, 80,000 ED attendances, 30,000 elective operations
# and 250,000 outpatient appointments a year.
figures=(--id riverside-general --name "Riverside General" --beds 420 --ed-attendances 80000
  --outpatients 250000)

# figure JSON PATH: one number of a run's result (the first trust).
figure() {
  python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))["trusts"][0]
for k in sys.argv[2].split("."):
    d = d[k]
print(d)' "$1" "$2"
}

# near VALUE EXPECTED TOLERANCE WHAT: |VALUE / EXPECTED - 1| <= TOLERANCE.
near() {
  python3 -c 'import sys
v, e, t = map(float, sys.argv[1:4])
sys.exit(0 if abs(v / e - 1) <= t else 1)' "$1" "$2" "$3" || fail "$4: $1, expected $2 (within $3)"
  echo "ok: $4 ($1, expected $2)"
}

# build OPERATIONS ED NAME: new-trust, validate and run; the result in $tmp/NAME.json.
build() {
  local f=("${figures[@]}")
  f[7]=$2  # --ed-attendances
  "$strikesim" new-trust -q "${f[@]}" --operations "$1" -o "$tmp/$3.toml"
  "$strikesim" validate -q "$tmp/$3.toml"
  scenario_for "$tmp/$3.toml" no-strike "$tmp/$3-scenario.toml"
  "$strikesim" run -q --reps 20 --threads 2 --format json "$tmp/$3-scenario.toml" -o "$tmp/$3.json"
}

start=$(date +%s%N)
build 30000 80000 base
end=$(date +%s%N)
echo "new-trust, validate and run (20 replications): $(((end - start) / 1000000)) ms"

# The no-strike action's window touches one weekday day shift and two reported days.
near "$(figure "$tmp/base.json" elective_operations.planned)" "$((30000 / 260))" 0.05 \
  "planned operations a weekday from --operations 30000"
near "$(figure "$tmp/base.json" emergency_care.ed_attendances.mean)" "$((2 * 80000 / 365))" 0.1 \
  "ED attendances over two days from --ed-attendances 80000"

build 60000 80000 ops2
build 30000 160000 ed2
near "$(figure "$tmp/ops2.json" elective_operations.planned)" \
  "$(python3 -c "print(2 * $(figure "$tmp/base.json" elective_operations.planned))")" 0.05 \
  "doubling --operations doubles the planned operations"
near "$(figure "$tmp/ed2.json" emergency_care.ed_attendances.mean)" \
  "$(python3 -c "print(2 * $(figure "$tmp/base.json" emergency_care.ed_attendances.mean))")" 0.1 \
  "doubling --ed-attendances doubles the ED attendances"
for other in ops2 ed2; do
  [[ $(figure "$tmp/$other.json" outpatient_slots.planned) == \
    $(figure "$tmp/base.json" outpatient_slots.planned) ]] ||
    fail "$other: the outpatient slots moved"
done
echo "ok: the outpatient slots follow --outpatients alone"

# refused ARGS... : exit 2, a message naming the option ($expect), no output file.
refused() {
  rm -f "$tmp/bad.toml"
  local code=0
  "$strikesim" new-trust "$@" -o "$tmp/bad.toml" 2>"$tmp/err" || code=$?
  [[ $code == 2 ]] || fail "new-trust $*: exit code $code, expected 2"
  grep -q -- "$expect" "$tmp/err" || fail "new-trust $*: the message does not name $expect: $(cat "$tmp/err")"
  [[ ! -e $tmp/bad.toml ]] || fail "new-trust $*: wrote a file"
  echo "ok: refused ($expect): $(head -1 "$tmp/err")"
}
ok=("${figures[@]}" --operations 30000)
expect=--beds refused "${ok[@]/420/0}"
expect=--beds refused "${ok[@]/420/-5}"
expect=--operations refused "${figures[@]}" --operations 0
expect=--operations refused "${figures[@]}"
expect=--ed-attendances refused "${ok[@]/80000/0}"
expect=--archetype refused "${ok[@]}" --archetype medium
expect=--specialties refused "${ok[@]}" --specialties emergency_medicine,cardiology
expect=--consultants refused "${ok[@]}" --consultants 2
expect=--ed-attendances refused "${ok[@]}" --archetype specialist
expect=--specialties refused "${ok[@]}" --specialties ent,ent,emergency_medicine
expect=--operations refused "${ok[@]}" --specialties emergency_medicine,acute_medicine
expect=--id refused "${ok[@]/riverside-general/Riverside_General}"
