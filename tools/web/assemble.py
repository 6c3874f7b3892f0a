#!/usr/bin/env python3
"""Writes the one-file page of strikesim in the browser (README, "In the browser").

page.html is the template. Into it go: the emscripten module's JavaScript followed by worker.js
(the Web Worker's source, which the page starts from a Blob), the .wasm gzipped in base64 (the
worker decompresses it with the browser's DecompressionStream), and the shipped
scenario files (trusts, actions, policies, runs, regions) as JSON. Nothing is fetched at run time:
the result opens from file:// with the network off.
"""
import argparse
import base64
import gzip
import json
import pathlib
import sys

SCENARIO_FOLDERS = ("trusts", "actions", "policies", "runs", "regions")


def script_safe(text, what):
    if "</script" in text.lower():
        sys.exit(f"assemble.py: {what} contains '</script', which would end its <script> element")
    return text


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--page", required=True)
    ap.add_argument("--worker", required=True)
    ap.add_argument("--module", required=True, help="strikesim-web.js (the .wasm beside it)")
    ap.add_argument("--scenarios", required=True, help="the scenarios folder")
    ap.add_argument("--version", required=True)
    ap.add_argument("-o", "--output", required=True)
    a = ap.parse_args()

    module_js = pathlib.Path(a.module)
    wasm = module_js.with_suffix(".wasm").read_bytes()
    worker = module_js.read_text() + "\n" + pathlib.Path(a.worker).read_text()
    root = pathlib.Path(a.scenarios)
    files = {}
    for folder in SCENARIO_FOLDERS:
        for f in sorted((root / folder).rglob("*.toml")):
            files["scenarios/" + f.relative_to(root).as_posix()] = f.read_text()
    # "<\/" is the same JSON string and cannot end the element.
    scenarios_json = json.dumps(files, ensure_ascii=True, sort_keys=True).replace("</", "<\\/")

    page = pathlib.Path(a.page).read_text()
    parts = {
        "@WORKER@": script_safe(worker, "the worker"),
        # mtime=0: the same bytes from the same module.
        "@WASM@": base64.b64encode(gzip.compress(wasm, 9, mtime=0)).decode("ascii"),
        "@SCENARIOS@": scenarios_json,
        "@VERSION@": a.version,
    }
    for key, value in parts.items():
        if page.count(key) != 1:
            sys.exit(f"assemble.py: {a.page} must hold {key} once")
    # One pass, so that nothing inserted is searched for the next placeholder.
    out = []
    rest = page
    while True:
        hits = [(rest.find(k), k) for k in parts if rest.find(k) >= 0]
        if not hits:
            out.append(rest)
            break
        at, key = min(hits)
        out.append(rest[:at])
        out.append(parts[key])
        rest = rest[at + len(key):]
    pathlib.Path(a.output).write_text("".join(out))


if __name__ == "__main__":
    main()
