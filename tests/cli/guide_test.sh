#!/usr/bin/env bash
# docs/your-trust.md: the commands of every ```sh block, run as written (one bash script per
# block, stopping at the first command that fails), in a scratch folder that sees the shipped
# scenarios as ./scenarios, with strikesim on the PATH.
# Usage: tests/cli/guide_test.sh STRIKESIM_EXE SOURCE_DIR [GUIDE]
set -euo pipefail

usage="usage: guide_test.sh STRIKESIM_EXE SOURCE_DIR [GUIDE]"
strikesim=$(cd "$(dirname "${1:?$usage}")" && pwd)/$(basename "$1")
source_dir=$(cd "${2:?$usage}" && pwd)
guide=${3:-$source_dir/docs/your-trust.md}

source "$source_dir/tests/cli/script_helpers.sh"

mkdir -p "$tmp/bin" "$tmp/work"
ln -s "$strikesim" "$tmp/bin/strikesim"
ln -s "$source_dir/scenarios" "$tmp/work/scenarios"
export PATH="$tmp/bin:$PATH"
export STRIKESIM_SCENARIOS=$source_dir/scenarios

# The ```sh blocks, each to a file of its own.
python3 - "$guide" "$tmp" <<'PY'
import re, sys
text = open(sys.argv[1], encoding="utf-8").read()
blocks = re.findall(r"^```sh\n(.*?)^```$", text, re.S | re.M)
for i, b in enumerate(blocks, 1):
    open(f"{sys.argv[2]}/block-{i}.sh", "w").write(b)
print(len(blocks))
PY
blocks=$(find "$tmp" -maxdepth 1 -name 'block-*.sh' | wc -l)
[[ $blocks -ge 5 ]] || fail "$guide: $blocks sh blocks, expected at least 5"
for i in $(seq 1 "$blocks"); do
  (cd "$tmp/work" && bash -euo pipefail "$tmp/block-$i.sh") >"$tmp/out" 2>&1 || {
    tail -20 "$tmp/out" >&2
    fail "$guide: block $i failed: $(head -1 "$tmp/block-$i.sh")"
  }
  echo "ok: block $i: $(head -1 "$tmp/block-$i.sh")"
done
