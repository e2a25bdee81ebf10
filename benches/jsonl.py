"""Readers shared by the bench scripts: the JSON lines mdcontract writes
(`--format json`), and the rows of the labelled precision sample
(tests/precision/labels.tsv). A line that is not JSON ends the script with
its file and line.
"""
import json
import sys


def records(lines, name, kind):
    """(line number, record) of each record of `kind` among the JSON `lines`
    (named `name` in errors); blank lines are skipped."""
    for n, line in enumerate(lines, 1):
        line = line.strip()
        if not line:
            continue
        try:
            rec = json.loads(line)
        except ValueError as e:
            sys.exit(f"{name}:{n}: not JSON: {e}")
        if rec.get("kind") == kind:
            yield n, rec


def records_in(path, kind):
    """The records of `kind` in the JSON lines file `path`."""
    with open(path, encoding="utf-8") as f:
        yield from (rec for _, rec in records(f, path, kind))


def label_rows(path):
    """The columns (page, line, code, verdict, ...) of each labelled finding
    in `path`, after its header line; blank lines and comments skipped."""
    with open(path, encoding="utf-8") as f:
        next(f)
        for line in f:
            if not line.strip() or line.startswith("#"):
                continue
            yield line.rstrip("\n").split("\t")
