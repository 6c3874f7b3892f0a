#!/usr/bin/env python3
"""Checks the JSON Schemas in schemas/ against the shipped files and strikesim's own output.

Usage: check_schemas.py STRIKESIM_EXE SOURCE_DIR

1. Both schemas are valid draft 2020-12 schemas.
2. scenario.schema.json accepts every *.toml under SOURCE_DIR/scenarios and every good file under
   SOURCE_DIR/tests/model/data (not bad/), read as TOML and turned into JSON (dates and
   date-times as ISO strings).
3. It rejects deliberately broken documents made here from shipped files.
4. result.schema.json accepts `strikesim run --format json` of two shipped scenarios, and rejects
   that output with one key renamed.

Prints one line per check and "N passed, M failed"; exits 1 if any check failed.
Needs only the standard library (Python >= 3.11 for tomllib) and jsonschema.
"""

import copy
import datetime
import json
import math
import pathlib
import subprocess
import sys
import tomllib

import jsonschema
from jsonschema import Draft202012Validator

RUNS = ["scenarios/runs/kingston/2016-01-12.toml",
        "scenarios/regions/south-west-london/2016-01-12.toml"]


class Checks:
    def __init__(self):
        self.passed = 0
        self.failed = []

    def check(self, name, fn):
        """Runs fn(); it returns None (pass) or a message (fail), or raises (fail)."""
        try:
            problem = fn()
        except Exception as e:  # a crash in a check is a failure of that check, not of the script
            problem = f"{type(e).__name__}: {e}"
        if problem is None:
            self.passed += 1
            print(f"PASS {name}")
        else:
            self.failed.append(name)
            print(f"FAIL {name}: {problem}")


def to_json(value):
    """A tomllib value as JSON data: dates, times and date-times become ISO 8601 strings (a
    date-time with an offset keeps it, so the schema can reject it); NaN and infinities, which
    JSON cannot hold, become the strings "nan", "inf", "-inf" (so a number check rejects them)."""
    if isinstance(value, dict):
        return {k: to_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [to_json(v) for v in value]
    if isinstance(value, (datetime.datetime, datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    return value


def load_toml(path):
    with open(path, "rb") as f:
        data = to_json(tomllib.load(f))
    return json.loads(json.dumps(data, allow_nan=False))  # prove it is plain JSON


def load_json(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def describe(error, limit=200):
    where = "/".join(str(p) for p in error.absolute_path) or "(root)"
    text = f"{where}: {error.message}"
    return text if len(text) <= limit else text[:limit] + "..."


def all_errors(errors):
    """Every error and every error under it (the branches of oneOf, anyOf, ...)."""
    for e in errors:
        yield e
        yield from all_errors(e.context)


def main(argv):
    if len(argv) != 3:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    exe = pathlib.Path(argv[1]).resolve()
    source = pathlib.Path(argv[2]).resolve()
    checks = Checks()

    try:
        scenario_schema = load_json(source / "schemas/scenario.schema.json")
        result_schema = load_json(source / "schemas/result.schema.json")
    except (OSError, ValueError) as e:
        print(f"FAIL reading the schemas: {e}")
        print("0 passed, 1 failed")
        return 1
    fmt = getattr(Draft202012Validator, "FORMAT_CHECKER", None) or \
        jsonschema.draft202012_format_checker

    # --- the schemas themselves ---
    for name, schema in [("scenario", scenario_schema), ("result", result_schema)]:
        def schema_ok(schema=schema):
            Draft202012Validator.check_schema(schema)
            if not schema.get("$id", "").startswith("urn:strikesim:schema:"):
                return f"$id is {schema.get('$id')!r}, expected urn:strikesim:schema:..."
            return None
        checks.check(f"{name}.schema.json is a valid draft 2020-12 schema", schema_ok)

    scenario_validator = Draft202012Validator(scenario_schema, format_checker=fmt)
    result_validator = Draft202012Validator(result_schema, format_checker=fmt)
    resolver = jsonschema.RefResolver.from_schema(scenario_schema)

    def accepts(validator, doc):
        errors = list(validator.iter_errors(doc))
        if not errors:
            return None
        best = jsonschema.exceptions.best_match(errors)
        return f"{len(errors)} error(s), e.g. {describe(best)}"

    # --- every good input file ---
    files = sorted((source / "scenarios").rglob("*.toml"))
    data = source / "tests/model/data"
    files += sorted(p for p in data.rglob("*.toml") if "bad" not in p.relative_to(data).parts)
    checks.check(f"found the input files ({len(files)})",
                 lambda: None if len(files) >= 10 else f"only {len(files)} *.toml files")
    for path in files:
        checks.check(f"scenario schema accepts {path.relative_to(source)}",
                     lambda path=path: accepts(scenario_validator, load_toml(path)))

    # --- deliberately bad input documents ---
    example = data / "example-general"
    base = {  # good files (checked above) to break
        "trust": example / "trust.toml",
        "action": example / "emergency-only.toml",
        "policy": example / "policy.toml",
        "scenario": example / "scenario-emergency-only.toml",
        "shipped action": source / "scenarios/actions/2016-01-12.toml",
        "shipped trust": source / "scenarios/trusts/kingston.toml",
    }

    def broken(base_name, change, where, fragment):
        """A base document changed by `change`: the schema must reject it, and some error at the
        path `where` (here or under a oneOf branch) must have `fragment` in its message, so that
        the document is rejected for the change and not for something else."""
        def run():
            doc = load_toml(base[base_name])
            change(doc)
            errors = list(scenario_validator.iter_errors(doc))
            if not errors:
                return "the schema accepted it"
            found = list(all_errors(errors))
            # The whole schema's oneOf reports at the root; the document's own kind of file
            # (its top table) reports at the key itself.
            kind = next((k for k in ("scenario", "trust", "action", "policy") if k in doc), None)
            if kind:
                sub = Draft202012Validator(scenario_schema["$defs"][f"{kind}_file"],
                                           resolver=resolver, format_checker=fmt)
                found += all_errors(sub.iter_errors(doc))
            path = lambda e: "/".join(str(p) for p in e.absolute_path)
            if any(path(e) == where and fragment in e.message for e in found):
                return None
            return (f"rejected, but not with {fragment!r} at {where or '(root)'}: "
                    f"{[describe(e, 120) for e in found[:4]]}")
        return run

    def rename(table, old, new):
        table[new] = table.pop(old)

    def set_key(table, key, value):
        table[key] = value

    roles0 = lambda d: d["service"][0]["shift"][0]
    bad_cases = [
        # (what, base document, change, path of the error, part of its message)
        ("an unknown key in [trust]", "trust",
         lambda d: set_key(d["trust"], "nmae", "Example"),
         "trust", "('nmae' was unexpected)"),
        ("an unknown key in a [[staff]] row", "trust",
         lambda d: set_key(d["staff"][0], "headcont", 5),
         "staff/0", "('headcont' was unexpected)"),
        ("an unknown key in a [[session]]", "shipped trust",
         lambda d: set_key(d["session"][0], "theatre", "T1"),
         "session/0", "('theatre' was unexpected)"),
        ("an unknown key in a distribution", "trust",
         lambda d: set_key(d["ed"]["consultation_minutes"], "shape", 2),
         "ed/consultation_minutes", "('shape' was unexpected)"),
        ("an unknown top-level table in a trust", "trust",
         lambda d: set_key(d, "sessions", []),
         "", "('sessions' was unexpected)"),
        ("a string for a staff headcount", "trust",
         lambda d: set_key(d["staff"][0], "headcount", "5"),
         "staff/0/headcount", "'5' is not of type 'integer'"),
        ("a string for the ED admission share", "trust",
         lambda d: set_key(d["ed"], "admission_share", "0.3"),
         "ed/admission_share", "'0.3' is not of type 'number'"),
        ("a string in the hourly ED arrivals", "trust",
         lambda d: d["ed"]["arrivals_per_hour"].__setitem__(3, "2.75"),
         "ed/arrivals_per_hour/3", "'2.75' is not of type 'number'"),
        ("a string for replications", "scenario",
         lambda d: set_key(d["run"], "replications", "10"),
         "run/replications", "'10' is not of type 'integer'"),
        ("a participation beta mean above 1", "shipped action",
         lambda d: set_key(d["action"]["participation"], "mean", 1.2),
         "action/participation/mean", "1.2 is greater than or equal to the maximum of 1"),
        ("a participation beta mean of exactly 1", "shipped action",
         lambda d: set_key(d["action"]["participation"], "mean", 1),
         "action/participation/mean", "1 is greater than or equal to the maximum of 1"),
        ("a constant participation above 1", "action",
         lambda d: set_key(d["action"], "participation", 1.5),
         "action/participation", "1.5 is greater than the maximum of 1"),
        ("a lognormal participation", "shipped action",
         lambda d: set_key(d["action"], "participation", {"dist": "lognormal", "mean": 0.5, "sd": 0.1}),
         "action/participation/dist", "'lognormal' is not one of"),
        ("a NaN participation", "action",
         lambda d: set_key(d["action"], "participation", to_json(float("nan"))),
         "action/participation", "'nan' is not of type 'number'"),
        ("a missing [trust] name", "trust",
         lambda d: d["trust"].pop("name"),
         "trust", "'name' is a required property"),
        ("a missing action window", "action",
         lambda d: d["action"].pop("window"),
         "action", "'window' is a required property"),
        ("a missing scenario policy", "scenario",
         lambda d: d["scenario"].pop("policy"),
         "scenario", "'policy' is a required property"),
        ("a missing role count", "trust",
         lambda d: roles0(d)["roles"][0].pop("count"),
         "service/0/shift/0/roles/0", "'count' is a required property"),
        ("an unknown grade", "trust",
         lambda d: set_key(d["staff"][0], "grade", "consultnat"),
         "staff/0/grade", "'consultnat' is not one of"),
        ("a consultant on the Christmas Day rota", "trust",
         lambda d: set_key(roles0(d)["christmas_day"][0], "grade", "consultant"),
         "service/0/shift/0/christmas_day/0/grade", "'consultant' is not one of"),
        ("a role count of 0", "trust",
         lambda d: set_key(roles0(d)["roles"][0], "count", 0),
         "service/0/shift/0/roles/0/count", "0 is less than the minimum of 1"),
        ("slots on a theatre list", "trust",
         lambda d: set_key(d["session"][0], "slots", 4),
         "session/0", "should not be valid under {'required': ['slots']}"),
        ("grade and a per-grade key in one staff row", "trust",
         lambda d: set_key(d["staff"][0], "registrar", 2),
         "staff/0", "is not valid under any of the given schemas"),
        ("a cross-cover with specialty and specialties", "trust",
         lambda d: set_key(roles0(d)["roles"][1]["cross_cover"], "specialties", ["surgery"]),
         "service/0/shift/0/roles/1/cross_cover", "is valid under each of"),
        ("a window with a time-zone offset", "action",
         lambda d: set_key(d["action"]["window"][0], "start", "2016-01-12T08:00:00+00:00"),
         "action/window/0/start", "does not match"),
        ("a window start with seconds", "action",
         lambda d: set_key(d["action"]["window"][0], "start", "2016-01-12T08:00:30"),
         "action/window/0/start", "does not match"),
        ("an announced date of 2016-02-30", "shipped action",
         lambda d: set_key(d["action"], "announced", "2016-02-30"),
         "action/announced", "does not match"),
        ("a window on 29 February 2015", "action",
         lambda d: set_key(d["action"]["window"][0], "start", "2015-02-29T08:00"),
         "action/window/0/start", "does not match"),
        ("a shift end of 24:00", "trust",
         lambda d: set_key(d["shift"][0], "end", "24:00"),
         "shift/0/end", "does not match"),
        ("an hourly profile of 23 numbers", "trust",
         lambda d: d["ed"]["arrivals_per_hour"].pop(),
         "ed/arrivals_per_hour", "is too short"),
        ("a warm-up of 8 days", "scenario",
         lambda d: set_key(d["run"], "warmup_days", 8),
         "run/warmup_days", "8 is greater than the maximum of 7"),
        ("an empty document", "policy",
         lambda d: d.clear(),
         "", "'policy' is a required property"),
        ("a trust with both [trust] and [policy]", "trust",
         lambda d: set_key(d, "policy", {"id": "p", "name": "P"}),
         "", "('policy' was unexpected)"),
    ]
    for name, base_name, change, where, fragment in bad_cases:
        checks.check(f"scenario schema rejects {name}", broken(base_name, change, where, fragment))

    # --- strikesim's JSON output ---
    for scenario in RUNS:
        output = {}

        def run_it(scenario=scenario, output=output):
            proc = subprocess.run([str(exe), "run", scenario, "--reps", "3", "--format", "json"],
                                  cwd=source, capture_output=True, text=True, timeout=600)
            if proc.returncode != 0:
                return f"exit code {proc.returncode}: {proc.stderr.strip()[:300]}"
            output["doc"] = json.loads(proc.stdout)
            return accepts(result_validator, output["doc"])
        checks.check(f"result schema accepts `strikesim run {scenario} --reps 3 --format json`",
                     run_it)

        renames = [
            ("total.emergency_care.four_hour_percent -> four_hour_pct",
             lambda d: rename(d["total"]["emergency_care"], "four_hour_percent", "four_hour_pct")),
            ("participation.p05 -> p5",
             lambda d: rename(d["participation"], "p05", "p5")),
            ("trusts[-1].cover_plan[0].staff[0].emergency_rota -> christmas_day",
             lambda d: rename(d["trusts"][-1]["cover_plan"][0]["staff"][0], "emergency_rota",
                              "christmas_day")),
        ]
        for what, change in renames:
            def renamed(change=change, output=output):
                if "doc" not in output:
                    return "no output to change (the run failed)"
                doc = copy.deepcopy(output["doc"])
                change(doc)
                if result_validator.is_valid(doc):
                    return "the schema accepted it"
                return None
            checks.check(f"result schema rejects that output with {what}", renamed)

    print(f"{checks.passed} passed, {len(checks.failed)} failed")
    if checks.failed:
        for name in checks.failed:
            print(f"  failed: {name}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
