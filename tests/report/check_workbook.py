"""The xlsx workbook, read without libxlsxwriter (zipfile + XML): sheet names, the headline cell,
a figure that matches the JSON, and the same bytes on 1 and 2 threads.

Usage: check_workbook.py STRIKESIM_EXE SOURCE_DIR
"""
import json
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import expected

exe, src = sys.argv[1], Path(sys.argv[2])
scenario = src / "scenarios/runs/kingston/2016-01-12.toml"
NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
      "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships"}
results = []


def check(ok, what):
    results.append(bool(ok))
    print(("PASS " if ok else "FAIL ") + what)


def cells(book, sheet_name):
    """{"A2": value} of one sheet, shared strings resolved."""
    with zipfile.ZipFile(book) as z:
        strings = [("".join(t.text or "" for t in si.iter(f"{{{NS['m']}}}t")))
                   for si in ET.fromstring(z.read("xl/sharedStrings.xml")).findall("m:si", NS)]
        wb = ET.fromstring(z.read("xl/workbook.xml"))
        rels = ET.fromstring(z.read("xl/_rels/workbook.xml.rels"))
        target = {r.get("Id"): r.get("Target") for r in rels}
        sheet = next(s for s in wb.find("m:sheets", NS) if s.get("name") == sheet_name)
        path = "xl/" + target[sheet.get(f"{{{NS['r']}}}id")]
        out = {}
        for c in ET.fromstring(z.read(path)).iter(f"{{{NS['m']}}}c"):
            v = c.find("m:v", NS)
            if v is None:
                continue
            out[c.get("r")] = strings[int(v.text)] if c.get("t") == "s" else float(v.text)
        return out


with tempfile.TemporaryDirectory() as t:
    tmp = Path(t)
    books = []
    for threads in ("1", "2"):
        book = tmp / f"k{threads}.xlsx"
        r = subprocess.run([exe, "run", str(scenario), "--reps", "20", "--seed", "2016",
                            "--threads", threads, "--format", "xlsx", "-o", str(book), "-q"],
                           capture_output=True, text=True)
        check(r.returncode == 0 and book.exists(), f"--format xlsx on {threads} thread(s)")
        books.append(book)
    check(books[0].read_bytes() == books[1].read_bytes(), "the same bytes on 1 and 2 threads")

    with zipfile.ZipFile(books[0]) as z:
        wb = ET.fromstring(z.read("xl/workbook.xml"))
        names = [s.get("name") for s in wb.find("m:sheets", NS)]
    sheet_names = ["Summary", "By specialty", "Sessions", "Staffing by hour", "Cover by hour",
                   "Decision", "Recovery", "Ranges", "Inputs"]  # Ranges: the regime draws its
    # assumptions
    check(names == sheet_names, f"sheets {names}")

    j = expected.run_json(exe, scenario, 20, 2016)
    slots = j["total"]["outpatient_slots"]
    headline = expected.headline(j)
    summary = cells(books[0], "Summary")
    check(str(summary.get("A2", "")).startswith(headline), f"Summary!A2 is the headline: "
          f"{summary.get('A2')!r}")
    row = next((r for r in range(6, 40) if summary.get(f"B{r}") == "outpatient slots cancelled"),
               None)
    check(row is not None and abs(summary[f"C{row}"] - slots["cancelled"]["mean"]) < 1e-9,
          "Summary's mean slots cancelled equals the JSON's")
    inputs = cells(books[0], "Inputs")
    check(inputs.get("B8") == 2016.0 and inputs.get("B9") == 20.0, "Inputs has seed and reps")
    sessions = cells(books[0], "Sessions")
    check(sum(1 for k in sessions if k.startswith("B")) - 1 == len(j["trusts"][0]["sessions"]),
          "Sessions has one row per session")
    cover = cells(books[0], "Cover by hour")
    by_hour = [h for sv in j["trusts"][0]["services"] for h in sv["by_hour"]]
    check(sum(1 for k in cover if k.startswith("C")) - 1 == len(by_hour) > 0,
          "Cover by hour has one row per service and hour")
    check(all(abs(cover[f"E{i + 2}"] - h["margin"]["p05"]) < 1e-9 and
              abs(cover[f"H{i + 2}"] - h["unfilled_role_hours"]["mean"]) < 1e-9
              for i, h in enumerate(by_hour)),
          "each row's margin (p05) and empty role hours are the JSON's")

    # Another action and a --set: the title names the action run, Inputs lists the --set and the
    # command to reproduce the workbook carries both.
    changed = tmp / "changed.xlsx"
    action = src / "scenarios/actions/2023-04-11.toml"
    r = subprocess.run([exe, "run", str(scenario), "--reps", "2", "--seed", "7", "--action",
                        str(action), "--set", "action.participation=0.5", "--format", "xlsx",
                        "-o", str(changed), "-q"], capture_output=True, text=True)
    check(r.returncode == 0, "--format xlsx with --action and --set")
    title = str(cells(changed, "Summary").get("A1", ""))
    check(title.endswith("with action 96-hour full walk-out from 07:00, 11-15 April 2023"),
          f"Summary!A1 names the action run: {title!r}")
    inputs = cells(changed, "Inputs")
    rows = {inputs.get(f"A{n}"): inputs.get(f"B{n}") for n in range(2, 40)}
    check(rows.get("changed with --set") == "action.participation=0.5", "Inputs lists the --set")
    check(f"--action {action} --set action.participation=0.5 --seed 7 --reps 2"
          in str(rows.get("reproduce with")), f"Inputs reproduces every option: "
          f"{rows.get('reproduce with')!r}")

    # England's composite: its trusts are archetypes, and the workbook says so.
    england = tmp / "england.xlsx"
    r = subprocess.run([exe, "run", str(src / "scenarios/regions/england/2016-01-12.toml"),
                        "--reps", "1", "--threads", "2", "--format", "xlsx", "-o", str(england),
                        "-q"], capture_output=True, text=True)
    about = str(cells(england, "Summary").get("A4", ""))
    check(r.returncode == 0 and "not real trusts" in about and "archetypes" in about,
          f"England's Summary!A4 says its trusts are archetypes: {about!r}")
    rows = {cells(england, "Inputs").get(f"A{n}") for n in range(2, 400)}
    check("description" in rows and "trusts" in rows, "England's Inputs has its description")

    # compare's workbook: the two parts of each range (the regime draws its assumptions), the
    # same numbers as compare's JSON.
    other = src / "scenarios/runs/kingston/2016-02-10.toml"
    cmp_book, cmp_json = tmp / "compare.xlsx", tmp / "compare.json"
    for fmt_, out in (("xlsx", cmp_book), ("json", cmp_json)):
        r = subprocess.run([exe, "compare", str(scenario), str(other), "--reps", "20", "--seed",
                            "2016", "--threads", "2", "--format", fmt_, "-o", str(out), "-q"],
                           capture_output=True, text=True)
        check(r.returncode == 0 and out.exists(), f"compare --format {fmt_}")
    with zipfile.ZipFile(cmp_book) as z:
        names = [s.get("name") for s in ET.fromstring(z.read("xl/workbook.xml")).find("m:sheets", NS)]
    check(names == ["Charts", "Differences", "Two parts", "Inputs"], f"compare's sheets {names}")
    slots_cmp = json.loads(cmp_json.read_text())["comparisons"][0]["total"]["outpatient_slots.cancelled"]
    parts = cells(cmp_book, "Two parts")
    found = [r for r in range(2, 400) if parts.get(f"B{r}") == "total" and
             parts.get(f"C{r}") == slots_cmp["label"] and parts.get(f"D{r}") == "scenario"]
    check(len(found) == 1, "Two parts has one row of the total's slots for the scenario")
    if found:
        r_, sc = found[0], slots_cmp["two_parts"]["scenario"]
        want = [sc["full"]["p05"], sc["full"]["p95"], sc["chance_only"]["p05"],
                sc["chance_only"]["p95"]]
        got = [parts.get(f"{c}{r_}") for c in "EFGH"]
        check(all(g is not None and abs(g - w) < 1e-9 for g, w in zip(got, want)),
              f"the row's full and chance-alone ranges are the JSON's: {got} against {want}")
        check(sc["chance_only"]["p95"] - sc["chance_only"]["p05"] <
              sc["full"]["p95"] - sc["full"]["p05"], "chance alone's range is the narrower")

    r = subprocess.run([exe, "run", str(scenario), "--reps", "2", "--format", "xlsx"],
                       capture_output=True, text=True)
    check(r.returncode == 2 and "xlsx needs -o" in r.stderr, "xlsx without -o is refused")

failed = results.count(False)
print(f"{len(results) - failed} passed, {failed} failed")
sys.exit(1 if failed else 0)
