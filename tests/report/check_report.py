"""The HTML report in headless Chromium: the headline is on the page, the screenshot is not
blank, the console has no errors, and the page makes no request; user strings are escaped.

Usage: check_report.py STRIKESIM_EXE SOURCE_DIR
Chromium runs with a dead local proxy and a resolver that resolves nothing, so no request can
leave the machine whatever the page (or the browser itself) tries; the net log then shows whether
the page tried any.
"""
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import expected

from PIL import Image

exe, src = sys.argv[1], Path(sys.argv[2])
scenario = src / "scenarios/runs/kingston/2016-01-12.toml"
results = []


def check(ok, what):
    results.append(bool(ok))
    print(("PASS " if ok else "FAIL ") + what)


def chromium():
    for name in ("chromium", "chromium-browser"):
        if shutil.which(name):
            return name
    sys.exit("FAIL: chromium is not installed (tools/install-deps.sh --with-browser)")


def browse(page, tmp, *extra):
    """Runs headless Chromium on `page`; returns (stdout, stderr, net log events)."""
    netlog = tmp / "netlog.json"
    netlog.unlink(missing_ok=True)
    args = [chromium(), "--headless", "--disable-gpu", "--no-sandbox", "--hide-scrollbars",
            "--disable-background-networking", "--disable-component-update", "--no-first-run",
            "--disable-sync", "--proxy-server=127.0.0.1:9", "--proxy-bypass-list=<-loopback>",
            "--host-resolver-rules=MAP * ~NOTFOUND", "--enable-logging=stderr", "--v=0",
            f"--log-net-log={netlog}", f"--user-data-dir={tmp / 'profile'}", *extra,
            page.as_uri()]
    run = subprocess.run(args, capture_output=True, text=True, timeout=120, cwd=tmp)
    log = json.loads(netlog.read_text()) if netlog.exists() else {"events": [], "constants": {}}
    return run.stdout, run.stderr, log


def page_requests(log):
    """URLs the page asked for. Chromium's own background requests say 'not an origin'."""
    types = {v: k for k, v in log.get("constants", {}).get("logEventTypes", {}).items()}
    urls = []
    for e in log["events"]:
        p = e.get("params", {})
        if types.get(e.get("type")) == "URL_REQUEST_START_JOB" and "url" in p:
            if p.get("initiator") != "not an origin":
                urls.append(p["url"])
    return urls


def console_errors(stderr):
    return [l for l in stderr.splitlines() if "CONSOLE" in l and ("ERROR" in l or "error" in l)]


def strikesim(*args):
    return subprocess.run([exe, *args], capture_output=True, text=True)


with tempfile.TemporaryDirectory() as t:
    tmp = Path(t)
    html = tmp / "report.html"
    r = strikesim("run", str(scenario), "--reps", "20", "--seed", "2016", "--format", "html",
                  "-o", str(html), "--quiet")
    check(r.returncode == 0 and html.exists(), "strikesim run --format html writes the report")
    text = html.read_text()
    j = expected.run_json(exe, scenario, 20, 2016)
    slots = j["total"]["outpatient_slots"]
    headline = expected.headline(j)

    # Self-contained by construction: nothing that could load from elsewhere.
    for bad in ("<script", "<link", "<img", "<iframe", "<object", "@import", "url(", "src=",
                "https://"):
        check(bad not in text.lower(), f"the page has no {bad!r}")
    check(text.count("http://") == text.count("http://www.w3.org/2000/svg"),
          "the only http:// is the SVG namespace")

    dom, stderr, log = browse(html, tmp, "--dump-dom")
    check(headline in dom.replace("\n", " "), f"the rendered page says: {headline}")
    for chart in ("Operations cancelled in advance, by specialty",
                  "Emergency cover by service and hour: spare doctors over the roles",
                  "What goes", "Where and when emergency cover is thin", "How long recovery takes",
                  "How sure we are", "Share of the planned work cancelled",
                  "Patients waiting to be seen in the emergency department",
                  "Outpatient slots waiting to be rebooked", "About this model", "When to decide"):
        check(chart in dom, f"the page shows {chart!r}")
    check(not console_errors(stderr), "the console has no errors")
    check(not page_requests(log), f"the page made no request ({page_requests(log)[:3]})")

    png = tmp / "report.png"
    browse(html, tmp, "--window-size=1000,2400", f"--screenshot={png}")
    check(png.exists(), "Chromium took a screenshot")
    if png.exists():
        img = Image.open(png).convert("RGB")
        pixels = list(img.getdata())
        white = sum(1 for p in pixels if p[0] > 245 and p[1] > 245 and p[2] > 245)
        colours = len(set(pixels[:: 7]))
        check(img.size == (1000, 2400), f"the screenshot is 1000x2400 ({img.size})")
        check(white < 0.97 * len(pixels) and colours > 20,
              f"the screenshot is not blank ({100 * (1 - white / len(pixels)):.1f}% ink, "
              f"{colours} colours)")

    # The request check can fail: a page that loads an image is caught.
    probe = tmp / "probe.html"
    probe.write_text('<!DOCTYPE html><p>probe</p><img src="http://example.invalid/x.png">')
    _, _, plog = browse(probe, tmp, "--dump-dom")
    check(page_requests(plog), "the request check catches a page that loads an image")

    # A trust named like a script shows as text.
    evil = "<script>alert(1)</script>"
    out = tmp / "evil.html"
    r = strikesim("run", str(scenario), "--reps", "3", "--format", "html", "-o", str(out),
                  "--set", f"trusts.kingston.trust.name={evil}", "--quiet")
    check(r.returncode == 0, "a trust named <script>alert(1)</script> runs")
    etext = out.read_text()
    check("<script" not in etext.lower(), "no <script> element reaches the page")
    check("&lt;script&gt;alert(1)&lt;/script&gt;" in etext, "the name is escaped")
    edom, estderr, _ = browse(out, tmp, "--dump-dom")
    check("&lt;script&gt;alert(1)&lt;/script&gt;" in edom and "<script>" not in edom,
          "the browser shows the name as text")

    # A sweep's page: what drives the numbers, ranked; self-contained too.
    sweep_dir = tmp / "sweep"
    r = strikesim("sweep", str(src / "tests/cli/data/sweeps/small.toml"), "--reps", "4", "-q",
                  "-o", str(sweep_dir))
    page = sweep_dir / "report.html"
    check(r.returncode == 0 and page.exists(), "strikesim sweep writes report.html")
    sdom, sstderr, slog = browse(page, tmp, "--dump-dom")
    check("What drives the numbers" in sdom and "R\u00b2 =" in sdom,
          "the sweep page shows the ranked coefficients with R\u00b2")
    check(not console_errors(sstderr) and not page_requests(slog),
          "the sweep page has no console errors and makes no request")

failed = results.count(False)
print(f"{len(results) - failed} passed, {failed} failed")
sys.exit(1 if failed else 0)
