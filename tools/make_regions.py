#!/usr/bin/env python3
"""Writes the ready-to-run region scenarios of every shipped strike action.

For each file scenarios/actions/<id>.toml (except no-strike, whose region files are written by
hand) this writes scenarios/regions/england/<id>.toml (the England composite of trust archetypes,
sized for the action's era) and scenarios/regions/south-west-london/<id>.toml (the five shipped
trusts), each with the contingency policy of the action's regime (shared/history.md, "Policy
regimes"). Edit this script, not the files it writes.

    python3 tools/make_regions.py           # write the files (nothing changes on a second run)
    python3 tools/make_regions.py --check   # exit 1 if a shipped file differs from what this writes

Standard library only.
"""

import argparse
import pathlib
import sys
import tomllib

ROOT = pathlib.Path(__file__).resolve().parent.parent
SCENARIOS = ROOT / "scenarios"

# England era sizing: copies of each archetype in the composite, by era. Each entry says where its
# count comes from. The lead sizes 2023-24 and 2025 for their eras; until then they are 2016's.
ERA = {
    "2016": {
        # The counts of the composite since it was built: about 150 acute trusts split by size plus
        # 17 specialist trusts, which `strikesim describe` shows give about 30,000 elective
        # operations and 26,000 junior doctors on a weekday day shift (England, 2016).
        "small-acute": (40, "assumption: small district general hospitals (~350 beds)"),
        "medium-acute": (55, "assumption: typical district general hospitals (~550 beds)"),
        "large-acute": (40, "assumption: large, often two-site, acute trusts (~900 beds)"),
        "teaching": (15, "assumption: teaching trusts and major trauma centres (~1,300 beds)"),
        "specialist": (17, "assumption: specialist trusts (cancer, orthopaedic and others)"),
    },
    # The same trusts in later eras: the volumes barely changed. Published Hospital Episode
    # Statistics [HES]: 89.4 million outpatient attendances in 2015/16 and 95.9 million in 2022/23
    # (+7%); 16.25 million finished admission episodes in 2015/16 and 16.40 million in 2022/23
    # (+1%). The sessions are scaled by those factors (VOLUME below); the trusts and rotas stay
    # 2016's (assumption: the junior workforce grew from about 45,000 to 61,000 and 77,000,
    # shared/history.md, but the composite's rotas are 2016's).
    "2023-24": {
        "small-acute": (40, "assumption: as 2016 (volumes scaled by scenario.era)"),
        "medium-acute": (55, "assumption: as 2016 (volumes scaled by scenario.era)"),
        "large-acute": (40, "assumption: as 2016 (volumes scaled by scenario.era)"),
        "teaching": (15, "assumption: as 2016 (volumes scaled by scenario.era)"),
        "specialist": (17, "assumption: as 2016 (volumes scaled by scenario.era)"),
    },
}
ERA["2025"] = ERA["2023-24"]  # the same trusts again, with the volumes of VOLUME["2025"]

# Volumes of each era against 2016's (scenario.era: operations, outpatient slots), with the source.
HES = ("[HES] written parliamentary answer on NHS outpatient appointments and admissions since 2010 "
       "(DHSC, 2023; published Hospital Episode Statistics), as reproduced at "
       "parallelparliament.co.uk/question/200113/health-services")
VOLUME = {
    "2016": None,
    "2023-24": (1.01, 1.07, "[HES] finished admission episodes 16.40 million in 2022/23 against "
                            "16.25 million in 2015/16; outpatient attendances 95.9 million against 89.4 million"),
    "2025": (1.01, 1.07, "assumption: as 2022/23 [HES]; the project has no figure for 2024/25"),
}

# The contingency policy of each regime of shared/history.md ("Policy regimes").
REGIME_POLICY = {
    "2015-16": "regime-2015-16.toml",
    "2016-walkout": "regime-2016-walkout.toml",
    "2023-24": "regime-2023-24.toml",
    "2025": "regime-2025.toml",
}

SWL_TRUSTS = ["kingston", "croydon", "epsom-st-helier", "st-georges", "royal-marsden"]

ENGLAND_REPLICATIONS = 20
SWL_REPLICATIONS = 200
SEED = 2016

# Action files whose region files are written by hand (a baseline, not an action of history.md).
HAND_WRITTEN = {"no-strike"}


def era_of(action_id: str, year: int) -> str:
    """The era of the England composite's sizing."""
    if year <= 2016:
        return "2016"
    if year <= 2024:
        return "2023-24"
    if year == 2025:
        return "2025"
    sys.exit(f"make_regions.py: {action_id}: no era for {year}; add one to ERA")


def regime_of(action_id: str, year: int, kind: str) -> str:
    """The policy regime of an action (shared/history.md): 2015-16 emergency care only, the 2016
    full walk-outs (26-27 April, and 10 February as first announced), 2023-24, 2025."""
    if year <= 2016:
        return "2016-walkout" if kind == "full_walkout" else "2015-16"
    if year <= 2024:
        return "2023-24"
    if year == 2025:
        return "2025"
    sys.exit(f"make_regions.py: {action_id}: no policy regime for {year}; add one")


def read_action(path: pathlib.Path) -> dict:
    with path.open("rb") as f:
        action = tomllib.load(f)["action"]
    first = min(w["start"] for w in action["window"])
    return {
        "id": action["id"],
        "name": action["name"],
        "kind": action["kind"],
        "year": first.year,
        "file": path.name,
    }


def england(a: dict) -> str:
    era = era_of(a["id"], a["year"])
    sizes = ERA[era]
    policy = REGIME_POLICY[regime_of(a["id"], a["year"], a["kind"])]
    width = max(len(f'{{ file = "../../archetypes/{k}.toml", copies = {n} }}') for k, (n, _) in
                sizes.items())
    rows = []
    for i, (archetype, (copies, why)) in enumerate(sizes.items()):
        entry = f'{{ file = "../../archetypes/{archetype}.toml", copies = {copies} }}'
        lead = "trusts = [ " if i == 0 else "           "
        tail = " ]" if i == len(sizes) - 1 else ","
        rows.append(f"{lead}{(entry + tail).ljust(width + 2)}  # {why}")
    era_line = ""
    if era == "2016":
        sizing = ("# The counts are assumptions: about 150 acute trusts in England (assumption: roughly the\n"
                  "# number in 2016, not a figure from the project's notes) split by size, plus 17 specialist\n"
                  "# trusts (assumption). With these counts `strikesim describe` gives about 30,000 elective\n"
                  "# operations and 26,000 junior doctors on a weekday day shift, the national figures of 2016\n"
                  "# in shared/trust-facts.md.\n")
        sized = ("Sized to about 30,000 elective operations and 26,000 junior doctors on a weekday day "
                 "shift (England, 2016).")
    else:
        ops, slots, why = VOLUME[era]
        sizing = (f"# The counts are those of 2016 (about 150 acute trusts split by size, plus 17 specialist\n"
                  f"# trusts: about 30,000 elective operations and 26,000 junior doctors on a weekday day\n"
                  f"# shift), with the {era} era's volumes (scenario.era). Source:\n"
                  f"# {HES}.\n")
        sized = (f"Trusts and rotas as England in 2016 (about 30,000 elective operations and 26,000 junior "
                 f"doctors on a weekday day shift), with operations x{ops:g} and outpatient slots x{slots:g} "
                 f"for the volumes of {era}.")
        era_line = (f"era = {{ name = \"{era}\", operations = {ops:g}, outpatient_slots = {slots:g} }}  "
                    f"# {why}\n")
    return (
        f"# England as a composite of trust archetypes: {a['name']}.\n"
        f"# Written by tools/make_regions.py from scenarios/actions/{a['file']} (edit the script, not\n"
        f"# this file). Policy: the {regime_of(a['id'], a['year'], a['kind'])} regime of shared/history.md.\n"
        f"#\n"
        f"# ILLUSTRATIVE. The trusts are the five archetypes of scenarios/archetypes/ (see its README), not\n"
        f"# real trusts. Each copy is a separate trust (\"small-acute-1\", ...) with its own random streams;\n"
        f"# the participation of the action is one national draw per replication.\n"
        f"{sizing}"
        f"[scenario]\n"
        f"name = \"England (composite of trust archetypes): {a['name']}\"\n"
        f"description = \"About 150 acute trusts in four sizes plus 17 specialist trusts, built from the "
        f"archetypes in scenarios/archetypes/. {sized} Illustrative: the archetypes are assumptions, not "
        f"real trusts.\"\n"
        + "\n".join(rows) + "\n"
        f"{era_line}"
        f"action = \"../../actions/{a['file']}\"\n"
        f"policy = \"../../policies/{policy}\"\n"
        f"\n"
        f"[run]\n"
        f"replications = {ENGLAND_REPLICATIONS}  # assumption: about 167 trusts per replication; "
        f"{ENGLAND_REPLICATIONS} keep a run short\n"
        f"seed = {SEED}        # assumption: the seed of every shipped scenario\n")


def south_west_london(a: dict) -> str:
    policy = REGIME_POLICY[regime_of(a["id"], a["year"], a["kind"])]
    trusts = ", ".join(f'"../../trusts/{t}.toml"' for t in SWL_TRUSTS[:3])
    more = ", ".join(f'"../../trusts/{t}.toml"' for t in SWL_TRUSTS[3:])
    return (
        f"# South-west London, the five shipped trusts together: {a['name']}.\n"
        f"# Written by tools/make_regions.py from scenarios/actions/{a['file']} (edit the script, not\n"
        f"# this file). Policy: the {regime_of(a['id'], a['year'], a['kind'])} regime of shared/history.md.\n"
        f"# The trusts are as they are described in their files (their sources are there), whatever\n"
        f"# the action's year.\n"
        f"[scenario]\n"
        f"name = \"South-west London (five trusts): {a['name']}\"\n"
        f"description = \"Kingston, Croydon, Epsom and St Helier, St George's and the Royal Marsden "
        f"together. Each trust draws its own random numbers, so its figures are the same as when it "
        f"runs alone with the same seed; the participation of the action is one national draw per "
        f"replication.\"\n"
        f"trusts = [{trusts},\n"
        f"          {more}]\n"
        f"action = \"../../actions/{a['file']}\"\n"
        f"policy = \"../../policies/{policy}\"\n"
        f"\n"
        f"[run]\n"
        f"replications = {SWL_REPLICATIONS}  # assumption: five trusts; a run of a few seconds\n"
        f"seed = {SEED}         # assumption: the seed of every shipped scenario\n"
        f"warmup_days = 1     # assumption: one ordinary day before the action\n")


def wanted() -> dict:
    """Every region file this script writes, by path, with its text."""
    files = {}
    for path in sorted((SCENARIOS / "actions").glob("*.toml")):
        if path.stem in HAND_WRITTEN:
            continue
        a = read_action(path)
        if a["id"] != path.stem:
            sys.exit(f"make_regions.py: {path}: id '{a['id']}' is not the file's name")
        files[SCENARIOS / "regions" / "england" / path.name] = england(a)
        files[SCENARIOS / "regions" / "south-west-london" / path.name] = south_west_london(a)
    return files


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true",
                        help="change nothing; exit 1 if a region file differs from what would be "
                             "written, is missing, or has no action")
    args = parser.parse_args()
    files = wanted()
    problems = []
    for path, text in files.items():
        old = path.read_text() if path.exists() else None
        if old == text:
            continue
        rel = path.relative_to(ROOT)
        if args.check:
            problems.append(f"{rel}: {'missing' if old is None else 'differs from what tools/make_regions.py writes'}")
        else:
            tmp = path.with_suffix(".toml.tmp")
            tmp.write_text(text)
            tmp.replace(path)
            print(f"wrote {rel}")
    hand = {f"{s}.toml" for s in HAND_WRITTEN}
    for region in ("england", "south-west-london"):
        for path in sorted((SCENARIOS / "regions" / region).glob("*.toml")):
            if path not in files and path.name not in hand:
                problems.append(f"{path.relative_to(ROOT)}: no action file scenarios/actions/{path.name}")
    for p in problems:
        print(f"make_regions.py: {p}", file=sys.stderr)
    if problems and args.check:
        print("make_regions.py: run `python3 tools/make_regions.py` and commit the result",
              file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
