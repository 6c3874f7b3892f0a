// The HTML report in headless Chromium driven by puppeteer-core (tools/browser, installed by
// `tools/install-deps.sh --with-browser`): no sideways scrolling at 1280 and 390 px; Kingston's
// page of 26-27 April 2016, as it opens, prints on at most 4 A4 pages; the heat map of emergency
// cover and the trust-by-trust comparison chart are there and their numbers are the JSON's; the
// session groups open from the keyboard; every chart has a title and a description. Offline: any
// request that is not the page's own file is refused and fails the test.
//
// Usage: node browser_test.mjs STRIKESIM_EXE SOURCE_DIR
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const [exe, src] = process.argv.slice(2);
const require = createRequire(path.join(src, 'tools/browser/package.json'));
let puppeteer;
try {
  puppeteer = require('puppeteer-core');
} catch {
  console.error('FAIL: puppeteer-core is not installed (tools/install-deps.sh --with-browser)');
  process.exit(1);
}

const results = [];
function check(ok, what) {
  results.push(Boolean(ok));
  console.log(`${ok ? 'PASS' : 'FAIL'} ${what}`);
}

const tmp = mkdtempSync(path.join(tmpdir(), 'strikesim-browser-'));
function run(scenario, format, out, ...extra) {
  execFileSync(exe, ['run', path.join(src, scenario), '--format', format, '-o', out, '--quiet',
                     ...extra]);
}
const kingston = 'scenarios/runs/kingston/2016-04-26.toml';
const region = 'scenarios/regions/south-west-london/2016-04-26.toml';
const pages = {
  kingston: path.join(tmp, 'kingston.html'),
  region: path.join(tmp, 'region.html'),
};
run(kingston, 'html', pages.kingston);
run(kingston, 'json', path.join(tmp, 'kingston.json'));
run(region, 'html', pages.region, '--reps', '20');
run(region, 'json', path.join(tmp, 'region.json'), '--reps', '20');
const kingstonJson = JSON.parse(readFileSync(path.join(tmp, 'kingston.json'), 'utf8'));
const regionJson = JSON.parse(readFileSync(path.join(tmp, 'region.json'), 'utf8'));

const browser = await puppeteer.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--proxy-server=127.0.0.1:9',
         '--host-resolver-rules=MAP * ~NOTFOUND'],
});

/** A page of `file`, refusing every request but the file itself. */
async function open(file, width, height = 900) {
  const page = await browser.newPage();
  const refused = [];
  const errors = [];
  await page.setRequestInterception(true);
  page.on('request', (r) => {
    if (r.url() === pathToFileURL(file).href) r.continue();
    else {
      refused.push(r.url());
      r.abort();
    }
  });
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.setViewport({ width, height });
  await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
  return { page, refused, errors };
}

const close = (a, b, tolerance = 0.0015) => Math.abs(a - b) <= tolerance;

try {
  // No sideways scrolling.
  for (const [name, file] of Object.entries(pages)) {
    for (const width of [1280, 390]) {
      const { page, refused, errors } = await open(file, width);
      const { doc, win } = await page.evaluate(() => ({
        doc: document.documentElement.scrollWidth, win: window.innerWidth }));
      check(doc <= win, `${name} at ${width} px: the document is ${doc} px wide, the window ${win}`);
      check(refused.length === 0 && errors.length === 0,
            `${name} at ${width} px: no request and no console error (${refused.concat(errors).slice(0, 3)})`);
      if (width === 390 && name === 'kingston') {
        // The check can fail: a table wider than the phone is caught.
        const wider = await page.evaluate(() => {
          const t = document.createElement('table');
          t.innerHTML = '<tr><td style="white-space:nowrap">' + 'x'.repeat(300) + '</td></tr>';
          document.body.append(t);
          return document.documentElement.scrollWidth > window.innerWidth;
        });
        check(wider, 'the width check catches a table wider than the window');
      }
      await page.close();
    }
  }

  // Kingston's page as it opens prints on at most 4 A4 pages.
  {
    const { page } = await open(pages.kingston, 1280);
    const pdf = Buffer.from(await page.pdf({ format: 'A4', printBackground: true }));
    const count = (pdf.toString('latin1').match(/\/Type\s*\/Page(?![s\w])/g) || []).length;
    check(count >= 1 && count <= 4, `Kingston 26-27 April 2016 prints on ${count} A4 pages (at most 4)`);
    let pdfinfo = null;
    try {
      const file = path.join(tmp, 'kingston.pdf');
      writeFileSync(file, pdf);
      const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
      pdfinfo = Number((info.match(/^Pages:\s+(\d+)/m) || [])[1]);
    } catch { /* poppler-utils is optional: the count above reads the PDF itself */ }
    if (pdfinfo !== null) check(pdfinfo === count, `pdfinfo agrees: ${pdfinfo} pages`);

    // The heat map: one cell a service and hour, each the JSON's margin and empty role hours.
    const cells = await page.$$eval('svg g.cell', (gs) => gs.map((g) => ({
      service: g.dataset.service, hour: g.dataset.hour, mean: Number(g.dataset.marginMean),
      p05: Number(g.dataset.marginP05), unfilled: Number(g.dataset.unfilledMean) })));
    const services = kingstonJson.trusts[0].services;
    const expected = services.flatMap((s) => s.by_hour.map((h) => ({ service: s.id, ...h })));
    check(expected.length > 0 && cells.length === expected.length,
          `the heat map has a cell for each service and hour (${cells.length} of ${expected.length})`);
    const mismatched = expected.filter((e, i) => {
      const c = cells[i];
      return !c || c.service !== e.service || c.hour !== e.hour ||
        !close(c.mean, e.margin.mean) || !close(c.p05, e.margin.p05) ||
        !close(c.unfilled, e.unfilled_role_hours.mean);
    });
    check(mismatched.length === 0,
          `every heat-map cell is the JSON's margin and empty role hours (${mismatched.length} differ)`);
    const titled = await page.$$eval('svg.chart', (svgs) => svgs.filter(
      (s) => s.querySelector(':scope > title')?.textContent && s.querySelector(':scope > desc')?.textContent).length);
    const charts = await page.$$eval('svg.chart', (svgs) => svgs.length);
    check(charts > 0 && titled === charts, `every chart has a <title> and a <desc> (${titled} of ${charts})`);
    const scoped = await page.$$eval('thead th', (ths) => ths.every((th) => th.getAttribute('scope') === 'col'));
    check(scoped, 'every column header says its scope');
    const headings = await page.$$eval('h3', (hs) => hs.map((h) => h.textContent));
    const order = ['What goes', 'Where and when emergency cover is thin', 'When to decide',
                   'How long recovery takes', 'How sure we are'];
    const at = order.map((h) => headings.indexOf(h));
    check(at.every((i, k) => i >= 0 && (k === 0 || i > at[k - 1])),
          `the manager's questions come in order (${at})`);

    // Session groups: folded, and opened from the keyboard (Tab to a summary, then Enter).
    const folded = await page.$$eval('details', (ds) => ds.length > 0 && ds.every((d) => !d.open));
    check(folded, 'the session groups open folded');
    let reached = false;
    for (let i = 0; i < 400 && !reached; ++i) {
      await page.keyboard.press('Tab');
      reached = await page.evaluate(() => document.activeElement?.tagName === 'SUMMARY');
    }
    check(reached, 'Tab reaches a session group');
    await page.keyboard.press('Enter');
    const opened = await page.evaluate(() => document.activeElement.parentElement.open);
    check(opened, 'Enter opens it');
    await page.keyboard.press('Space');
    const shut = await page.evaluate(() => !document.activeElement.parentElement.open);
    check(shut, 'Space folds it again');
    await page.close();
  }

  // The region: the trust-by-trust chart is the JSON's.
  {
    const { page } = await open(pages.region, 1280);
    const bars = await page.$$eval('figure', (figs) => {
      const fig = figs.find((f) => f.querySelector('figcaption')?.textContent ===
        'Outpatient slots cancelled, by trust');
      return fig ? [...fig.querySelectorAll('g[data-trust]')].map((g) => ({
        trust: g.dataset.trust, mean: Number(g.dataset.mean), p05: Number(g.dataset.p05),
        p95: Number(g.dataset.p95) })) : [];
    });
    const trusts = regionJson.trusts;
    check(bars.length === trusts.length && trusts.length === 5,
          `the comparison chart has a bar for each of the ${trusts.length} trusts (${bars.length})`);
    const wrong = trusts.filter((t, i) => {
      const s = t.outpatient_slots.cancelled;
      const b = bars[i];
      return !b || b.trust !== t.id || !close(b.mean, s.mean, 0.001 * Math.max(1, s.mean)) ||
        !close(b.p05, s.p05, 0.001 * Math.max(1, s.p05)) || !close(b.p95, s.p95, 0.001 * Math.max(1, s.p95));
    });
    check(wrong.length === 0, `each bar is the JSON's slots cancelled (${wrong.map((t) => t.id)})`);
    const rows = await page.$$eval('#trust-comparison tbody tr', (rs) => rs.length);
    check(rows === trusts.length, `the comparison table has a row for each trust (${rows})`);
    await page.close();
  }
} finally {
  await browser.close();
  rmSync(tmp, { recursive: true, force: true });
}

const failed = results.filter((r) => !r).length;
console.log(`${results.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
