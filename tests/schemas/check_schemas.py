#!/usr/bin/env python3
"""Checks the JSON Schemas in schemas/ against the shipped files and strikesim's own output.

Usage: check_schemas.py STRIKESIM_EXE SOURCE_DIR

1. Every schema is a valid draft 2020-12 schema with the $id urn:strikesim:schema:NAME:1.
2. Every *.toml under SOURCE_DIR/scenarios and every good file under SOURCE_DIR/tests/model/data
   (not bad/), read as TOML and turned into JSON (dates and date-times as ISO strings), is
   accepted by sweep.schema.json when its top table is [sweep], else by scenario.schema.json.
3. Both reject deliberately broken documents (made here from shipped files, or written here as
   TOML); `strikesim validate` must accept the good sweep written here and refuse each bad one.
   A trust written here with a key no shipped file uses (Kingston's night on-call rows with
   rests_from) is accepted by the scenario schema and by `strikesim validate`.
4. The output of strikesim is accepted by its schema, and rejected with one key renamed:
   `run --format json` (result), `compare --format json` of one trust and of several (compare),
   `sweep` into a temporary directory, deleted afterwards (sweep-result: its sweep.json, and its
   plan.json and each points/NNNNNN.json against the schema's $defs plan and point), and
   `list --format json` (list), and `backtest --format json` (backtest: the shipped record at 2
   replications). The backtest's record file ([record]) has no schema: `strikesim validate`
   checks it, and step 2 skips it.

Prints one line per check and "N passed, M failed"; exits 1 if any check failed.
Needs only the standard library (Python >= 3.11 for tomllib) and jsonschema.
"""

import copy
import datetime
import json
import math
import pathlib
import shutil
import subprocess
import sys
import tempfile
import tomllib

import jsonschema
from jsonschema import Draft202012Validator

SCHEMAS = ["scenario", "result", "sweep", "compare", "sweep-result", "list", "backtest"]

RUNS = ["scenarios/runs/kingston/2016-01-12.toml",
        "scenarios/regions/south-west-london/2016-01-12.toml"]

# (what, scenarios: the first is the reference). The second compares five trusts, and Kingston
# alone, which shares one trust with the reference.
COMPARES = [
    ("one trust", ["scenarios/runs/kingston/no-strike.toml",
                   "scenarios/runs/kingston/2016-01-12.toml"]),
    ("several trusts", ["scenarios/regions/south-west-london/no-strike.toml",
                        "scenarios/regions/south-west-london/2016-01-12.toml",
                        "scenarios/runs/kingston/2016-01-12.toml"]),
]

SWEEP = "scenarios/sweeps/kingston-turnout-planning.toml"  # 15 points

# Few replications and two threads keep the script short; the structure does not depend on them.
FAST = ["--threads", "2"]


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


def def_validator(schema, name, fmt):
    """A validator of the schema's $defs entry `name`, its references resolved in the schema."""
    return Draft202012Validator({"$schema": schema["$schema"], "$defs": schema["$defs"],
                                 "$ref": f"#/$defs/{name}"}, format_checker=fmt)


def main(argv):
    if len(argv) != 3:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    exe = pathlib.Path(argv[1]).resolve()
    source = pathlib.Path(argv[2]).resolve()
    checks = Checks()

    try:
        schemas = {name: load_json(source / f"schemas/{name}.schema.json") for name in SCHEMAS}
    except (OSError, ValueError) as e:
        print(f"FAIL reading the schemas: {e}")
        print("0 passed, 1 failed")
        return 1
    scenario_schema = schemas["scenario"]
    fmt = getattr(Draft202012Validator, "FORMAT_CHECKER", None) or \
        jsonschema.draft202012_format_checker

    # --- the schemas themselves ---
    for name, schema in schemas.items():
        def schema_ok(name=name, schema=schema):
            Draft202012Validator.check_schema(schema)
            if schema.get("$id") != f"urn:strikesim:schema:{name}:1":
                return f"$id is {schema.get('$id')!r}, expected urn:strikesim:schema:{name}:1"
            return None
        checks.check(f"{name}.schema.json is a valid draft 2020-12 schema", schema_ok)

    validators = {name: Draft202012Validator(schema, format_checker=fmt)
                  for name, schema in schemas.items()}
    scenario_validator = validators["scenario"]
    plan_validator = def_validator(schemas["sweep-result"], "plan", fmt)
    point_validator = def_validator(schemas["sweep-result"], "point", fmt)
    resolver = jsonschema.RefResolver.from_schema(scenario_schema)

    def accepts(validator, doc):
        errors = list(validator.iter_errors(doc))
        if not errors:
            return None
        best = jsonschema.exceptions.best_match(errors)
        return f"{len(errors)} error(s), e.g. {describe(best)}"

    def kind_of(doc):
        """The schema of an input file: sweep when its top table is [sweep] (as strikesim tells
        them apart), else scenario."""
        return "sweep" if "sweep" in doc else "scenario"

    # --- every good input file ---
    files = sorted((source / "scenarios").rglob("*.toml"))
    data = source / "tests/model/data"
    files += sorted(p for p in data.rglob("*.toml") if "bad" not in p.relative_to(data).parts)
    docs = {}
    for path in files:
        try:
            docs[path] = load_toml(path)
        except (OSError, ValueError) as e:  # tomllib.TOMLDecodeError is a ValueError
            docs[path] = e
    sweeps = [p for p in files if isinstance(docs[p], dict) and kind_of(docs[p]) == "sweep"]
    checks.check(f"found the input files ({len(files)}, {len(sweeps)} of them sweeps)",
                 lambda: None if len(files) >= 10 and sweeps else
                 f"only {len(files)} *.toml files, {len(sweeps)} sweeps")
    for path in files:
        doc = docs[path]
        if isinstance(doc, dict) and "record" in doc:
            continue  # the backtest's record: read by strikesim alone
        kind = kind_of(doc) if isinstance(doc, dict) else "scenario"

        def accepted(doc=doc, kind=kind):
            if isinstance(doc, Exception):
                return f"cannot read it: {doc}"
            return accepts(validators[kind], doc)
        checks.check(f"{kind} schema accepts {path.relative_to(source)}", accepted)

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
         "ed/admission_share", "'0.3' is not valid under any of the given schemas"),
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
        ("rests_from on a [[staff]] row (on-call rows only)", "shipped trust",
         lambda d: set_key(d["staff"][0], "rests_from", "day"),
         "staff/0", "('rests_from' was unexpected)"),
        ("a number for an on-call row's rests_from", "shipped trust",
         lambda d: set_key(d["on_call"][0], "rests_from", 7),
         "on_call/0/rests_from", "7 is not of type 'string'"),
    ]
    for name, base_name, change, where, fragment in bad_cases:
        checks.check(f"scenario schema rejects {name}", broken(base_name, change, where, fragment))

    work = pathlib.Path(tempfile.mkdtemp(prefix="strikesim-schemas-"))
    try:
        trust_file_checks(checks, exe, source, work, scenario_validator, accepts)
        sweep_and_output_checks(checks, exe, source, work, validators, plan_validator,
                                point_validator, accepts)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    print(f"{checks.passed} passed, {len(checks.failed)} failed")
    if checks.failed:
        for name in checks.failed:
            print(f"  failed: {name}")
        return 1
    return 0


# A sweep written here as TOML; SCENARIO stands for the path of a small good scenario.
GOOD_SWEEP = """
[sweep]
name = "dotted keys, a range in a nested table and a zip"
scenario = SCENARIO
replications = 3
seed = 9007199254740991
zip = [["action.participation", "policy.act_down_share"]]

[sweep.grid]
action.participation = [0.6, 1]
policy.act_down_share = [0.2, 1.0]
policy.plan_percentile = { from = 0.5, to = 0.9, step = 0.4 }
"""

# (what, TOML, path of the schema's error, part of its message (or of one of several: the
# wording changed across jsonschema versions), part of the key in strikesim's own message).
BAD_SWEEPS = [
    ("an unknown key in [sweep]",
     '[sweep]\nscenario = SCENARIO\nreplicatons = 5\n'
     '[sweep.grid]\n"policy.plan_percentile" = [0.5]\n',
     "sweep", "('replicatons' was unexpected)", "sweep.replicatons"),
    ("a range without step",
     '[sweep]\nscenario = SCENARIO\n[sweep.grid]\n'
     '"policy.plan_percentile" = { from = 0.5, to = 0.9 }\n',
     "sweep/grid/policy.plan_percentile", "'step' is a required property",
     "sweep.grid.policy.plan_percentile.step"),
    ("an empty list of values",
     '[sweep]\nscenario = SCENARIO\n[sweep.grid]\n"policy.plan_percentile" = []\n',
     "sweep/grid/policy.plan_percentile", ("[] is too short", "[] should be non-empty"),
     "sweep.grid.policy.plan_percentile"),
    ("an inline table of values other than a range",
     '[sweep]\nscenario = SCENARIO\n[sweep.grid]\n'
     '"action.participation" = { dist = "beta", mean = 0.7, sd = 0.1 }\n',
     "sweep/grid/action.participation/dist", "'beta' is not of type 'array', 'object'",
     "sweep.grid.action.participation.dist"),
    ("a range with an unknown key",
     '[sweep]\nscenario = SCENARIO\n[sweep.grid]\n'
     '"policy.plan_percentile" = { from = 0.5, to = 0.9, step = 0.2, by = 0.1 }\n',
     "sweep/grid/policy.plan_percentile", "('by' was unexpected)",
     "sweep.grid.policy.plan_percentile.by"),
    ("a range step of 0",
     '[sweep]\nscenario = SCENARIO\n[sweep.grid]\n'
     'policy.plan_percentile = { from = 0.5, to = 0.9, step = 0 }\n',
     "sweep/grid/policy/plan_percentile/step", "0 is less than or equal to the minimum of 0",
     "sweep.grid.policy.plan_percentile.step"),
    ("a single value that is not a list",
     '[sweep]\nscenario = SCENARIO\n[sweep.grid]\n"policy.plan_percentile" = 0.5\n',
     "sweep/grid/policy.plan_percentile", "0.5 is not of type 'array', 'object'",
     "sweep.grid.policy.plan_percentile"),
    ("a list of tables",
     '[sweep]\nscenario = SCENARIO\n[sweep.grid]\n"policy.plan_percentile" = [{ a = 1 }]\n',
     "sweep/grid/policy.plan_percentile/0", "is not of type 'number', 'string', 'boolean'",
     "sweep.grid.policy.plan_percentile[0]"),
    ("a missing grid",
     '[sweep]\nscenario = SCENARIO\n',
     "sweep", "'grid' is a required property", "sweep.grid"),
    ("an empty grid",
     '[sweep]\nscenario = SCENARIO\n[sweep.grid]\n',
     "sweep/grid", ("{} does not have enough properties", "{} should be non-empty"), "sweep.grid"),
    ("a missing scenario",
     '[sweep]\nname = "x"\n[sweep.grid]\n"policy.plan_percentile" = [0.5]\n',
     "sweep", "'scenario' is a required property", "sweep.scenario"),
    ("an empty scenario",
     '[sweep]\nscenario = ""\n[sweep.grid]\n"policy.plan_percentile" = [0.5]\n',
     "sweep/scenario", ("'' is too short", "'' should be non-empty"), "sweep.scenario"),
    ("a zip of one path",
     '[sweep]\nscenario = SCENARIO\nzip = [["policy.plan_percentile"]]\n[sweep.grid]\n'
     '"policy.plan_percentile" = [0.5, 0.9]\n',
     "sweep/zip/0", "is too short", "sweep.zip[0]"),
    ("a zip naming a path twice",
     '[sweep]\nscenario = SCENARIO\nzip = [["policy.plan_percentile", "policy.plan_percentile"]]\n'
     '[sweep.grid]\n"policy.plan_percentile" = [0.5, 0.9]\n',
     "sweep/zip/0", "has non-unique elements", "sweep.zip[0][1]"),
    ("a seed of 2^53",
     '[sweep]\nscenario = SCENARIO\nseed = 9007199254740992\n[sweep.grid]\n'
     '"policy.plan_percentile" = [0.5]\n',
     "sweep/seed", "is greater than the maximum of 9007199254740991", "sweep.seed"),
    ("a string for replications",
     '[sweep]\nscenario = SCENARIO\nreplications = "10"\n[sweep.grid]\n'
     '"policy.plan_percentile" = [0.5]\n',
     "sweep/replications", "'10' is not of type 'integer'", "sweep.replications"),
    ("a [scenario] table beside [sweep]",
     '[scenario]\nname = "x"\n[sweep]\nscenario = SCENARIO\n[sweep.grid]\n'
     '"policy.plan_percentile" = [0.5]\n',
     "", "('scenario' was unexpected)", "scenario"),
]


def strikesim(exe, source, args):
    return subprocess.run([str(exe), *args], cwd=source, capture_output=True, text=True,
                          timeout=600)


def json_output(exe, source, args, output):
    """Runs strikesim; its stdout, as JSON, goes to output["doc"]. None, or what went wrong."""
    proc = strikesim(exe, source, args)
    if proc.returncode != 0:
        return f"exit code {proc.returncode}: {proc.stderr.strip()[:300]}"
    output["doc"] = json.loads(proc.stdout)
    return None


def rename(table, old, new):
    if old not in table:
        raise KeyError(f"no key {old!r} to rename (keys: {list(table)[:8]})")
    table[new] = table.pop(old)


def rejects_renamed(validator, output, change):
    """The check that the schema rejects output["doc"] changed by `change` (a key renamed)."""
    def run():
        if "doc" not in output:
            return "no output to change (the command failed)"
        doc = copy.deepcopy(output["doc"])
        change(doc)
        if validator.is_valid(doc):
            return "the schema accepted it"
        return None
    return run


def both_accept(validator, path, exe, source, accepts):
    """None if the schema accepts the file at `path` and `strikesim validate` does too, else what
    went wrong."""
    problem = accepts(validator, load_toml(path))
    if problem:
        return problem
    proc = strikesim(exe, source, ["validate", str(path)])
    if proc.returncode != 0:
        return f"strikesim validate refused it: {proc.stderr.strip()[:300]}"
    return None


def trust_file_checks(checks, exe, source, work, scenario_validator, accepts):
    """Trust files written here with keys no shipped file uses: the scenario schema and
    `strikesim validate` must both accept them."""
    def rests_from():
        # Kingston with every night's on-call doctors rostered on the next day shift.
        lines, in_on_call, added = [], False, 0
        for line in (source / "scenarios/trusts/kingston.toml").read_text(
                encoding="utf-8").splitlines():
            lines.append(line)
            if line.startswith("["):
                in_on_call = line == "[[on_call]]"
            elif in_on_call and line.startswith('shift = "night"'):
                lines.append('rests_from = "day"')
                added += 1
        if added == 0:
            return "Kingston has no on-call rows at night to add rests_from to"
        path = work / "trust-files" / "kingston-rests-from.toml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        doc = load_toml(path)
        resting = [row for row in doc.get("on_call", []) if row.get("rests_from") == "day"]
        if len(resting) != added:
            return f"{len(resting)} on-call rows with rests_from read back, {added} written"
        return both_accept(scenario_validator, path, exe, source, accepts)
    checks.check("scenario schema and strikesim validate accept a trust whose on-call rows at "
                 "night rest from the day shift (rests_from)", rests_from)


def sweep_and_output_checks(checks, exe, source, work, validators, plan_validator,
                            point_validator, accepts):
    """The checks that write files (all under `work`, which the caller deletes)."""
    sweep_validator = validators["sweep"]
    example = source / "tests/model/data/example-general/scenario-emergency-only.toml"
    scenario_text = json.dumps(str(example))  # a TOML basic string too

    # --- sweep files written here: the schema and `strikesim validate` must agree ---
    def sweep_file(name, text):
        path = work / "sweep-files" / f"{name}.toml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text.replace("SCENARIO", scenario_text), encoding="utf-8")
        return path

    def good_sweep():
        return both_accept(sweep_validator, sweep_file("good", GOOD_SWEEP), exe, source, accepts)
    checks.check("sweep schema and strikesim validate accept a sweep of dotted keys, a range in "
                 "a nested table and a zip", good_sweep)

    for i, (what, text, where, fragments, key) in enumerate(BAD_SWEEPS):
        if isinstance(fragments, str):
            fragments = (fragments,)

        def bad_sweep(i=i, text=text, where=where, fragments=fragments, key=key):
            path = sweep_file(f"bad-{i}", text)
            doc = load_toml(path)
            found = list(all_errors(sweep_validator.iter_errors(doc)))
            if not found:
                return "the schema accepted it"
            at = lambda e: "/".join(str(p) for p in e.absolute_path)
            if not any(at(e) == where and any(f in e.message for f in fragments) for e in found):
                return (f"rejected, but not with {' or '.join(map(repr, fragments))} at "
                        f"{where or '(root)'}: {[describe(e, 120) for e in found[:4]]}")
            proc = strikesim(exe, source, ["validate", str(path)])
            if proc.returncode != 2:
                return (f"strikesim validate exited {proc.returncode} (expected 2): "
                        f"{proc.stderr.strip()[:300]}")
            if f": {key}" not in proc.stderr:
                return (f"strikesim validate refused it, but not at {key}: "
                        f"{proc.stderr.strip()[:300]}")
            return None
        checks.check(f"sweep schema (and strikesim validate) rejects {what}", bad_sweep)

    # --- strikesim run ---
    for scenario in RUNS:
        output = {}
        checks.check(f"result schema accepts `strikesim run {scenario} --reps 3 --format json`",
                     lambda scenario=scenario, output=output: json_output(
                         exe, source, ["run", scenario, "--reps", "3", "--format", "json", *FAST],
                         output) or accepts(validators["result"], output["doc"]))
        renames = [
            ("total.emergency_care.four_hour_percent -> four_hour_pct",
             lambda d: rename(d["total"]["emergency_care"], "four_hour_percent", "four_hour_pct")),
            ("participation.p05 -> p5",
             lambda d: rename(d["participation"], "p05", "p5")),
            ("scenario.title -> heading",
             lambda d: rename(d["scenario"], "title", "heading")),
            ("trusts[-1].cover_plan[0].staff[0].emergency_rota -> christmas_day",
             lambda d: rename(d["trusts"][-1]["cover_plan"][0]["staff"][0], "emergency_rota",
                              "christmas_day")),
        ]
        for what, change in renames:
            checks.check(f"result schema rejects that output with {what}",
                         rejects_renamed(validators["result"], output, change))

    # Another action and policy: the schema accepts the document, whose title names both and whose
    # ids and files are those run.
    swapped = {}
    swap_args = ["run", RUNS[0], "--action", "scenarios/actions/2023-04-11.toml", "--policy",
                 "scenarios/policies/decide-late.toml", "--reps", "2", "--format", "json", *FAST]

    def swapped_ok():
        problem = json_output(exe, source, swap_args, swapped) or accepts(validators["result"],
                                                                          swapped["doc"])
        if problem:
            return problem
        sc = swapped["doc"]["scenario"]
        if not (sc["action"] == "2023-04-11" and sc["policy"] == "decide-late"
                and sc["files"]["action"] == "scenarios/actions/2023-04-11.toml"
                and sc["files"]["policy"] == "scenarios/policies/decide-late.toml"):
            return f"the ids and files are not those run: {sc}"
        if not (sc["title"].startswith(sc["name"] + " — with action ")
                and "and policy Decide three days ahead" in sc["title"]):
            return f"the title does not name the action and policy run: {sc['title']!r}"
        return None
    checks.check("result schema accepts a run with --action and --policy, its title names them",
                 swapped_ok)

    # --- strikesim compare ---
    for what, scenarios in COMPARES:
        output = {}
        shown = " ".join(pathlib.Path(s).relative_to("scenarios").as_posix() for s in scenarios)
        checks.check(f"compare schema accepts `strikesim compare` of {what} ({shown}) --reps 3",
                     lambda scenarios=scenarios, output=output: json_output(
                         exe, source,
                         ["compare", *scenarios, "--reps", "3", "-q", "--format", "json", *FAST],
                         output) or accepts(validators["compare"], output["doc"]))
        last = "emergency_care.mean_minutes_in_department"
        renames = [
            ("comparisons[0].total.emergency_care.four_hour_percent -> "
             "emergency_care.four_hour_pct",
             lambda d: rename(d["comparisons"][0]["total"], "emergency_care.four_hour_percent",
                              "emergency_care.four_hour_pct")),
            (f"comparisons[-1].trusts[-1].metrics.{last}.distinguishable_from_zero -> significant",
             lambda d: rename(d["comparisons"][-1]["trusts"][-1]["metrics"][last],
                              "distinguishable_from_zero", "significant")),
            ("reference.file -> path",
             lambda d: rename(d["reference"], "file", "path")),
        ]
        for change_what, change in renames:
            checks.check(f"compare schema rejects that output with {change_what}",
                         rejects_renamed(validators["compare"], output, change))

    # --- strikesim sweep ---
    out_dir = work / "sweep"
    sweep_docs = {}

    def run_sweep():
        proc = strikesim(exe, source, ["sweep", SWEEP, "--reps", "2", "-q", "-o", str(out_dir),
                                       *FAST])
        if proc.returncode != 0:
            return f"exit code {proc.returncode}: {proc.stderr.strip()[:300]}"
        sweep_docs["sweep"] = load_json(out_dir / "sweep.json")
        sweep_docs["plan"] = load_json(out_dir / "plan.json")
        sweep_docs["points"] = {p.name: load_json(p)
                                for p in sorted((out_dir / "points").glob("*.json"))}
        if not sweep_docs["points"]:
            return "no points/*.json written"
        return None
    checks.check(f"`strikesim sweep {SWEEP} --reps 2` writes sweep.json, plan.json and points/",
                 run_sweep)

    def needs(key, fn):
        return lambda: "no output (the sweep failed)" if key not in sweep_docs else fn()
    checks.check("sweep-result schema accepts its sweep.json",
                 needs("sweep", lambda: accepts(validators["sweep-result"], sweep_docs["sweep"])))
    checks.check("sweep-result schema ($defs/plan) accepts its plan.json",
                 needs("plan", lambda: accepts(plan_validator, sweep_docs["plan"])))

    def points_ok():
        for name, doc in sweep_docs["points"].items():
            problem = accepts(point_validator, doc)
            if problem:
                return f"points/{name}: {problem}"
        return None
    checks.check("sweep-result schema ($defs/point) accepts each of its points/NNNNNN.json",
                 needs("points", points_ok))

    def joined():
        """sweep.json is plan.json (without schema and points) and the point files, in order."""
        plan, doc, points = sweep_docs["plan"], sweep_docs["sweep"], sweep_docs["points"]
        about = {k: v for k, v in plan.items() if k not in ("schema", "points")}
        if doc["sweep"] != about:
            return "sweep.json's sweep is not plan.json without schema and points"
        if list(points) != [f"{i:06}.json" for i in range(len(plan["points"]))]:
            return f"point files {list(points)[:3]}... for {len(plan['points'])} planned points"
        if doc["points"] != list(points.values()):
            return "sweep.json's points are not the point files"
        for planned, point in zip(plan["points"], doc["points"]):
            if (planned["point"], planned["values"]) != (point["point"], point["values"]):
                return f"point {planned['point']}: values differ from the plan's"
        return None
    checks.check("sweep.json joins plan.json and the point files", needs("points", joined))

    sweep_renames = [
        (validators["sweep-result"], "sweep", "its sweep.json with sweep.sweep_file -> file",
         lambda d: rename(d["sweep"], "sweep_file", "file")),
        (validators["sweep-result"], "sweep",
         "its sweep.json with points[-1].total.cover.consultant_act_down_hours -> "
         "cover.act_down_hours",
         lambda d: rename(d["points"][-1]["total"], "cover.consultant_act_down_hours",
                          "cover.act_down_hours")),
        (plan_validator, "plan", "its plan.json with points[0].values -> value",
         lambda d: rename(d["points"][0], "values", "value")),
        (plan_validator, "plan", "its plan.json with axes -> axis",
         lambda d: rename(d, "axes", "axis")),
        (point_validator, "point", "its points/000000.json with trusts[0].metrics -> metric",
         lambda d: rename(d["trusts"][0], "metrics", "metric")),
    ]
    for validator, key, what, change in sweep_renames:
        output = {}
        if key == "point" and sweep_docs.get("points"):
            output["doc"] = next(iter(sweep_docs["points"].values()))
        elif key in sweep_docs:
            output["doc"] = sweep_docs[key]
        checks.check(f"sweep-result schema rejects {what}",
                     rejects_renamed(validator, output, change))

    # --- strikesim list ---
    output = {}
    checks.check("list schema accepts `strikesim list --dir SOURCE/scenarios --format json`",
                 lambda: json_output(exe, source, ["list", "--dir", str(source / "scenarios"),
                                                   "--format", "json"], output)
                 or (None if output["doc"].get("files") else "no files listed")
                 or accepts(validators["list"], output["doc"]))
    for what, change in [("files[0].kind -> type", lambda d: rename(d["files"][0], "kind", "type")),
                         ("root -> dir", lambda d: rename(d, "root", "dir"))]:
        checks.check(f"list schema rejects that output with {what}",
                     rejects_renamed(validators["list"], output, change))

    # --- strikesim backtest ---
    output = {}
    checks.check("backtest schema accepts `strikesim backtest --reps 2 --format json`",
                 lambda: json_output(exe, source, ["backtest", "--dir", str(source / "scenarios"),
                                                   "--reps", "2", "--threads", "2", "-q",
                                                   "--format", "json"], output)
                 or (None if output["doc"].get("scenarios") else "no scenarios run")
                 or accepts(validators["backtest"], output["doc"]))
    for what, change in [("record[0].status -> verdict",
                          lambda d: rename(d["record"][0], "status", "verdict")),
                         ("scenarios[0].total.figures.operations -> ops",
                          lambda d: rename(d["scenarios"][0]["total"]["figures"], "operations",
                                           "ops"))]:
        checks.check(f"backtest schema rejects that output with {what}",
                     rejects_renamed(validators["backtest"], output, change))


if __name__ == "__main__":
    sys.exit(main(sys.argv))
