"""Splits the all-day sessions of trust files into a morning and an afternoon session (issue 21).

Usage: python3 tools/split_sessions.py FILE.toml...   (rewrites the files in place)

Outpatient clinics and day-case theatre lists (cataracts, cystoscopies, day cases) run as two
half-day sessions, 08:30-12:30 and 13:30-17:30 (the trust files' notes: a theatre session is
about 4 hours, a clinic 3.5 hours), so a doctor may run a morning list and an afternoon clinic. Each split row
becomes two rows, `ID-am` and `ID-pm`, with the same roles, priority, days and count, and half of
the operations or slots each (the morning takes the odd one), so every total per weekday and
specialty is unchanged. Major lists (cancer resections, joints, inpatient and urgent lists,
caesareans) and the procedure clinics the files call all-day stay all-day. Every number keeps its
comment (its source or `assumption`), with a note of the split. A row already split is left as it
is, so the script can be run twice.
"""
import re
import sys

MORNING = "08:30-12:30"
AFTERNOON = "13:30-17:30"
DAY_CASE = re.compile(r"day-case|cataract|cystoscopy")


def blocks(text):
    """The file cut before each [[...]] header: (header, lines)."""
    parts = re.split(r"(?m)^(?=\[\[)", text)
    return parts


def field(block, key):
    m = re.search(rf'(?m)^{key} = "?([^"\n#]*?)"?\s*(#.*)?$', block)
    return m.group(1) if m else None


def splits(block):
    if not block.startswith("[[session]]"):
        return False
    sid, kind, time = field(block, "id"), field(block, "kind"), field(block, "time")
    if time in (MORNING, AFTERNOON) or sid.endswith(("-am", "-pm")):
        return False
    if kind == "clinic":
        return "procedure" not in block
    return kind == "theatre_list" and DAY_CASE.search(sid) is not None


def half(block, morning):
    key = "operations" if field(block, "kind") == "theatre_list" else "slots"
    m = re.search(rf"(?m)^{key} = (\d+)(\s*)# (.*)$", block)
    total = int(m.group(1))
    mine = (total + 1) // 2 if morning else total // 2
    which, when = ("morning", MORNING) if morning else ("afternoon", AFTERNOON)
    list_or_clinic = "list" if key == "operations" else "clinic"
    sid = field(block, "id")
    out = re.sub(r'(?m)^id = "([^"]*)"', f'id = "{sid}-{"am" if morning else "pm"}"', block, 1)
    out = re.sub(
        r'(?m)^time = "[^"]*"(\s*)#.*$',
        lambda t: f'time = "{when}"{t.group(1)}# assumption: the {which} session (about 4 hours) '
        f"of a {list_or_clinic} the file had all day (tools/split_sessions.py)",
        out, 1)
    out = re.sub(
        rf"(?m)^{key} = \d+(\s*)# (.*)$",
        lambda t: f"{key} = {mine}{t.group(1)}# {t.group(2)}; {which} half of the all-day "
        f"{total} (tools/split_sessions.py)",
        out, 1)
    return out


def split_file(path):
    text = open(path, encoding="utf-8").read()
    out = []
    for b in blocks(text):
        if splits(b):
            # The row's own lines; comments and blank lines after them belong to what follows.
            lines = b.split("\n")
            last = max(i for i, line in enumerate(lines)
                       if line.strip() and not line.startswith("#"))
            body = "\n".join(lines[:last + 1])
            tail = "\n".join(lines[last + 1:])
            out.append(half(body, True) + "\n")
            out.append(half(body, False) + "\n" + tail)
        else:
            out.append(b)
    new = "".join(out)
    if new != text:
        open(path, "w", encoding="utf-8").write(new)


if __name__ == "__main__":
    for p in sys.argv[1:]:
        split_file(p)
