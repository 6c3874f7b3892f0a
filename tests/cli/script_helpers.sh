# shellcheck shell=bash
# Sourced by the shell tests of tests/cli: a temporary folder ($tmp, removed at exit), `fail` and
# `same`.

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

fail() {
  echo "FAIL: $*" >&2
  exit 1
}

# same REFERENCE DIR WHAT: DIR equals REFERENCE file for file, byte for byte.
same() {
  diff -r "$1" "$2" >"$tmp/diff" || {
    head -40 "$tmp/diff" >&2
    fail "$3: differs from $1"
  }
  echo "ok: $3"
}

# scenario_for TRUST ACTION OUT: a scenario file for one trust file and an action of
# $scenarios/actions.
scenario_for() {
  cat >"$3" <<SCENARIO
[scenario]
name = "round trip"
trusts = ["$1"]
action = "$scenarios/actions/$2.toml"
policy = "$scenarios/policies/default.toml"

[run]
seed = 2016
SCENARIO
}
