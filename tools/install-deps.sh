#!/usr/bin/env bash
# Installs the Debian 12 packages strikesim needs, skipping what is already present.
# Idempotent: a second run installs nothing and makes no network request.
# Usage: tools/install-deps.sh [--with-browser] [--with-mpi] [--with-clang] [--with-web]
#   --with-browser  chromium, PIL, node and puppeteer-core (tools/browser/package.json, from npm),
#                   and poppler-utils (pdfinfo: the report test counts the printed pages with it
#                   too), needed only by the report and web-page tests
#   --with-mpi      Open MPI, needed only by the MPI build (cmake -DSTRIKESIM_MPI=ON)
#   --with-clang    clang, libFuzzer and clang-tidy, needed only by `make fuzz` and `make tidy`
#   --with-web      Debian's emscripten (3.1.6, with its clang 14, binaryen and node's acorn),
#                   needed only by `make web`
set -euo pipefail

packages=(
  g++ cmake make ninja-build pkg-config python3 python3-jsonschema
  libboost-graph-dev libboost-random-dev libboost-math-dev
  libeigen3-dev libfmt-dev doctest-dev libtomlplusplus-dev libcli11-dev nlohmann-json3-dev
  libxlsxwriter-dev ccache
)
for arg in "$@"; do
  case "$arg" in
    --with-browser)
      packages+=(chromium python3-pil nodejs poppler-utils)
      # NodeSource's nodejs provides npm itself; Debian's does not.
      if ! command -v npm >/dev/null; then packages+=(npm); fi
      browser=1
      ;;
    --with-mpi) packages+=(openmpi-bin libopenmpi-dev) ;;
    --with-clang) packages+=(clang clang-tidy libclang-rt-14-dev) ;;
    --with-web) packages+=(emscripten node-acorn) ;;
    *)
      echo "install-deps: unknown option '$arg' (options: --with-browser, --with-mpi, --with-clang, --with-web)" >&2
      exit 2
      ;;
  esac
done

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

browser=${browser:-0}
# puppeteer-core drives Debian's chromium over the DevTools protocol; it downloads no browser.
# Installed from the lock file into tools/browser/node_modules, once.
install_browser_modules() {
  local dir
  dir="$(cd "$(dirname "$0")" && pwd)/browser"
  if ((browser)) && [[ ! -d "$dir/node_modules/puppeteer-core" ]]; then
    echo "install-deps: npm ci in $dir" >&2
    npm ci --prefix "$dir" --no-audit --no-fund --loglevel=error >/dev/null
  fi
}

if ((${#missing[@]} == 0)); then
  install_browser_modules
  exit 0
fi

echo "install-deps: installing ${missing[*]}" >&2
sudo=""
if [[ $(id -u) -ne 0 ]]; then sudo="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
install_browser_modules
