#!/usr/bin/env bash
# The layers of docs/design.md, checked on the sources: the link graph alone cannot enforce them,
# because header-only libraries (nlohmann-json, toml++) sit in the system's include folder and a
# room could include one without linking it. Every #include of every source and header of each
# room is matched against what that room may not see; any match fails the test.
#
#   tests/layers/check_layers.sh SOURCE_DIR
set -euo pipefail
cd "$1"
failed=0
# room: a folder; forbidden: an extended regex of include paths it may not name.
check() {
  local room=$1 forbidden=$2
  local hits
  hits=$(grep -rnE "^[[:space:]]*#[[:space:]]*include[[:space:]]*[<\"]($forbidden)" "$room" \
           --include='*.hpp' --include='*.cpp' --include='*.in' || true)
  if [[ -n $hits ]]; then
    echo "layers: $room includes what it may not see:"
    echo "$hits" | sed 's/^/  /'
    failed=1
  else
    echo "layers: $room ok"
  fi
}
formats='nlohmann/|toml\+\+/|xlsxwriter|fmt/'
check sim "strikesim/(hospital|files|analysis|reports)/|$formats"
check model/hospital "strikesim/(files|analysis|reports)/|$formats"
check model/files "strikesim/(analysis|reports)/|xlsxwriter"
check model/analysis "strikesim/(files|reports)/|nlohmann/|toml\+\+/|xlsxwriter"
check model/reports "toml\+\+/"
exit $failed
