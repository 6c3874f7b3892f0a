// The page of strikesim in the browser (tools/web, `make web`) in headless Chromium, driven over
// the DevTools protocol by puppeteer-core (tools/browser; tools/install-deps.sh --with-browser).
//
//   node check_page.mjs PAGE.html NATIVE_STRIKESIM SOURCE_DIR [--screenshot FILE.png]
//
// Opened from file:// with the network off: the first run (Kingston, 12 January 2016, 200
// replications) shows a headline equal to the native command line's for the same arguments;
// moving participation changes it, again equal to the native one; the JSON download agrees with
// the native JSON (every whole number equal, every other number within 1e-9 relative); a trust
// file dropped onto the page runs; a hostile one shows the command line's error text; no console
// error and no request leaves the page. Prints a benchmark line (no timed assertion).
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";

const [pagePath, nativeArg, sourceArg, ...rest] = process.argv.slice(2);
const nativeExe = nativeArg && path.resolve(nativeArg), sourceDir = sourceArg && path.resolve(sourceArg);
if (!pagePath || !nativeExe || !sourceDir) {
  console.error("usage: node check_page.mjs PAGE.html NATIVE_STRIKESIM SOURCE_DIR [--screenshot FILE]");
  process.exit(2);
}
const screenshot = rest[0] === "--screenshot" ? rest[1] : null;
const require = createRequire(path.join(sourceDir, "tools/browser/package.json"));
const puppeteer = require("puppeteer-core");

const failures = [];
const check = (ok, what) => {
  if (!ok) failures.push(what);
  console.log(`${ok ? "ok" : "FAIL"}: ${what}`);
};
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "strikesim-web-"));

// The native command line with the page's arguments: `-o FILE` into tmp, /upload/ as `uploads`.
function native(args, uploads) {
  const out = path.join(tmp, "native-" + args[args.indexOf("--format") + 1]);
  const a = args.map((x) => x.replaceAll("/upload/", uploads + "/"));
  a[a.indexOf("-o") + 1] = out;
  fs.rmSync(out, { force: true });
  const r = spawnSync(nativeExe, a, { cwd: sourceDir, encoding: "utf8" });
  return { code: r.status, stderr: r.stderr.trimEnd(), output: fs.existsSync(out) ? fs.readFileSync(out, "utf8") : null };
}
const unescape = (s) => s.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"')
                         .replace(/&#39;/g, "'").replace(/&amp;/g, "&");
const headlineOf = (html) => unescape((/id="headline">([^<]*)</.exec(html || "") || [, ""])[1]);

// Every whole number equal; every other number within 1e-9 relative; strings and shapes equal.
function sameAnswer(a, b, where = "$", out = []) {
  if (typeof a === "number" && typeof b === "number") {
    const ok = Number.isInteger(a) ? a === b : Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b));
    if (!ok) out.push(`${where}: ${a} against ${b}`);
  } else if (a && b && typeof a === "object" && typeof b === "object") {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const k of keys) sameAnswer(a[k], b[k], `${where}.${k}`, out);
  } else if (a !== b) out.push(`${where}: ${JSON.stringify(a)} against ${JSON.stringify(b)}`);
  return out;
}

// CPU time (ms) of a process and its descendants, from /proc (Linux), or null.
function cpuOfTree(root) {
  try {
    const parents = new Map();
    for (const name of fs.readdirSync("/proc")) {
      if (!/^[0-9]+$/.test(name)) continue;
      try {
        const stat = fs.readFileSync(`/proc/${name}/stat`, "utf8");
        const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
        parents.set(Number(name), { parent: Number(f[1]), ticks: Number(f[11]) + Number(f[12]) });
      } catch {}  // a process that has gone
    }
    let ticks = 0;
    const stack = [root];
    while (stack.length) {
      const pid = stack.pop();
      ticks += parents.get(pid)?.ticks ?? 0;
      for (const [child, p] of parents) if (p.parent === pid) stack.push(child);
    }
    return ticks * 10;  // USER_HZ is 100 on Linux
  } catch {
    return null;
  }
}

// A fresh headless Chromium spends its first second or two starting its own user interface (the
// omnibox's WebUI renderer: about a second of CPU, measured with Chromium's tracing). A reader's
// browser is running before they open the page: wait until the browser's processes have been
// idle for 300 ms (at most 15 s), so that the benchmark times the page, not the browser's start.
async function browserSettled(browser) {
  const pid = browser.process()?.pid;
  let idle = 0;
  for (let waited = 0; pid && waited < 15000 && idle < 3; waited += 100) {
    const before = cpuOfTree(pid);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const after = cpuOfTree(pid);
    if (before === null || after === null) return;
    idle = after - before <= 10 ? idle + 1 : 0;
  }
}

const browser = await puppeteer.launch({
  executablePath: fs.existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : "chromium",
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--no-first-run", "--disable-sync", "--proxy-server=127.0.0.1:9", "--host-resolver-rules=MAP * ~NOTFOUND",
         "--allow-file-access-from-files"],
});
try {
  const page = await browser.newPage();
  await page.setViewport({ width: 1280, height: 900 });
  const pageUrl = pathToFileURL(path.resolve(pagePath)).href;
  const errors = [], requests = [];
  page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("request", (r) => {
    const u = r.url();
    if (u !== pageUrl && !u.startsWith("blob:") && !u.startsWith("data:")) requests.push(u);
  });
  const cdp = await page.createCDPSession();
  await cdp.send("Network.enable");
  await cdp.send("Network.emulateNetworkConditions", { offline: true, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
  await page.setOfflineMode(true);
  await cdp.send("Browser.setDownloadBehavior", { behavior: "deny" }).catch(() => {});

  const runs = () => page.evaluate(() => window.strikesim ? window.strikesim.runs : 0);
  const waitRuns = (n) => page.waitForFunction((k) => window.strikesim && window.strikesim.runs >= k,
                                               { timeout: 120000 }, n);
  const last = () => page.evaluate(() => window.strikesim.last);
  const setControl = (id, value) => page.evaluate((i, v) => {
    const e = document.getElementById(i);
    e.value = v;
    e.dispatchEvent(new Event("input", { bubbles: true }));
  }, id, value);

  // 1. The first run: Kingston, 12 January 2016, 200 replications.
  await browserSettled(browser);
  const opened = Date.now();
  await page.goto(pageUrl, { waitUntil: "load" });
  await waitRuns(1);
  const firstMs = Date.now() - opened;
  let r = await last();
  check(r.code === 0 && r.headline.length > 20, `the first run shows a headline: "${r.headline}"`);
  let n = native(r.args, tmp);
  check(n.code === 0 && headlineOf(n.output) === r.headline, "its headline is the native command line's");
  const firstEngine = r.times.main;  // strikesim's main() in the worker

  // 2. Participation moves: the headline changes and is still the native one.
  const before = r.headline;
  await setControl("participation", "0.4");
  await waitRuns(2);
  r = await last();
  check(r.args.includes("action.participation.mean=0.4"), "the run has participation 0.4");
  check(r.code === 0 && r.headline !== before, `participation 0.4 changes the headline: "${r.headline}"`);
  n = native(r.args, tmp);
  check(headlineOf(n.output) === r.headline, "its headline is the native command line's");

  // 3. The JSON download against the native JSON.
  await page.click("#download");
  await page.waitForFunction(() => window.strikesim.json, { timeout: 60000 });
  const json = await page.evaluate(() => window.strikesim.json);
  const nativeJson = native(r.args.map((x) => (x === "html" ? "json" : x)), tmp);
  const diffs = sameAnswer(JSON.parse(json), JSON.parse(nativeJson.output));
  check(diffs.length === 0, `the JSON equals the native JSON (whole numbers equal, others within 1e-9)${diffs.length ? ": " + diffs.slice(0, 5).join("; ") : ""}`);

  // 4. Benchmark: Kingston 48 h at 100 replications, re-run after a control moves.
  let count = await runs();
  await setControl("reps", "100");
  await waitRuns(++count);
  await setControl("days", "2");
  await waitRuns(++count);
  await setControl("participation", "0.6");
  await waitRuns(++count);
  r = await last();
  check(r.code === 0 && r.args.some((x) => x.startsWith("action.window=")), "a 48-hour run at 100 replications");
  n = native(r.args, tmp);
  check(headlineOf(n.output) === r.headline, "its headline is the native command line's");
  // The re-run: from the control's input event to the new headline painted (the page's clock).
  console.log(`benchmark: Kingston 200 replications, first run ${(firstMs / 1000).toFixed(2)} s from opening the page ` +
              `(engine ${(firstEngine / 1000).toFixed(2)} s); Kingston 48 h 100 replications, re-run after a control ` +
              `moves ${(r.sinceInputMs / 1000).toFixed(2)} s (engine ${(r.times.main / 1000).toFixed(2)} s)`);
  if (screenshot) await page.screenshot({ path: screenshot, fullPage: false });

  // 5. A trust file dropped onto the page (here chosen in its file input, which the drop shares).
  const uploads = path.join(tmp, "uploads");
  fs.mkdirSync(uploads);
  const mine = path.join(uploads, "my-trust.toml");
  fs.copyFileSync(path.join(sourceDir, "scenarios/trusts/croydon.toml"), mine);
  const input = await page.$("#trust-file");
  await input.uploadFile(mine);
  await waitRuns(++count);
  r = await last();
  check(r.code === 0 && r.args.some((x) => x.includes("/upload/my-trust.toml")) && /Croydon/.test(r.headline),
        `a dropped trust file runs: "${r.headline}"`);
  n = native(r.args, uploads);
  check(headlineOf(n.output) === r.headline, "its headline is the native command line's");

  // 6. A hostile trust file: the command line's error text.
  const bad = path.join(uploads, "hostile.toml");
  fs.writeFileSync(bad, fs.readFileSync(mine, "utf8").replace(/^id = /m, "idd = "));
  await input.uploadFile(bad);
  await waitRuns(++count);
  r = await last();
  n = native(r.args, uploads);
  const shown = await page.$eval("#error", (e) => e.textContent);
  check(r.code === 2 && n.code === 2, `a hostile file exits 2 on both (${r.code}, ${n.code})`);
  check(shown === n.stderr.replaceAll(uploads + "/", "/upload/") && shown.includes("hostile.toml:"),
        `the page shows the command line's error: "${shown}"`);

  check(errors.length === 0, `no console error${errors.length ? ": " + errors.join("; ") : ""}`);
  check(requests.length === 0, `no request leaves the page${requests.length ? ": " + requests.join(", ") : ""}`);
} finally {
  await browser.close();
  fs.rmSync(tmp, { recursive: true, force: true });
}
if (failures.length) {
  console.log(`FAIL: ${failures.length} check(s) failed`);
  process.exit(1);
}
console.log("all checks passed");
