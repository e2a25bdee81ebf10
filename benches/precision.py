#!/usr/bin/env python3
"""Precision of `mdcontract check` per code and overall, from the labelled
sample in tests/precision/labels.tsv (drawn by benches/precision/draw.py and
judged by hand; tests/precision.rs keeps the checker honest about it).

    python3 benches/precision.py            # prints the table
    python3 benches/precision.py --write    # also regenerates docs/precision.md
    python3 benches/precision.py --findings now.jsonl [--write]

With `--findings` (the JSON lines of `mdcontract check --format json` run from
the corpus root, so that pages are named as in labels.tsv), the table also
gives the precision of that run on the sample: of the labelled findings it
still raises, the share that is true, and how many true ones it lost.

Precision is true / (true + false) among the sampled findings of a code. The
sample is stratified by code, so the overall figure is given both as the
plain share of the sample and weighted by each code's number of findings in
the corpus run the sample was drawn from (the `population` column), which
estimates the precision of a whole run.
"""
import collections
import os
import sys

from jsonl import label_rows, records_in

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LABELS = os.path.join(ROOT, "tests", "precision", "labels.tsv")
DOC = os.path.join(ROOT, "docs", "precision.md")

# Findings per code in the run the sample was drawn from (the 2021 corpus,
# both versions, metadata and permissions of 2021-07; 3,197 distinct
# findings), for the weighted estimate.
POPULATION = {
    "MC1001": 53, "MC1002": 4, "MC1003": 1, "MC1005": 8, "MC1008": 3,
    "MC2001": 197, "MC2002": 13, "MC2004": 5, "MC2005": 4, "MC3001": 3,
    "MC3002": 12, "MC3003": 11, "MC3004": 1, "MC4001": 268, "MC4002": 160,
    "MC4003": 162, "MC4004": 234, "MC4005": 173, "MC4006": 2, "MC4007": 69,
    "MC4009": 165, "MC4010": 531, "MC4101": 63, "MC4102": 37, "MC4201": 8,
    "MC4202": 12, "MC4203": 47, "MC4204": 698, "MC4301": 166, "MC4302": 78,
    "MC4303": 9,
    # Added with its check, from a later run (the census of all its findings).
    "MC4304": 4,
    "MC4103": 99,
}


def load():
    """code -> [true, false] for the first draw (the rows before the first
    `# drawn from ...` comment) and for the later, fresh draws after it."""
    first = collections.defaultdict(lambda: [0, 0])  # code -> [true, false]
    fresh = collections.defaultdict(lambda: [0, 0])
    counts = first
    with open(LABELS, encoding="utf-8") as f:
        next(f)
        for line in f:
            if line.startswith("# drawn from"):
                counts = fresh
            if not line.strip() or line.startswith("#"):
                continue
            cols = line.rstrip("\n").split("\t")
            counts[cols[2]][0 if cols[3] == "true" else 1] += 1
    return first, fresh


def population(path):
    """code -> distinct (page, line, code, message) findings in `path`."""
    seen = {(d["file"], d["location"]["line"], d["code"], d["message"]) for d in records_in(path, "finding")}
    out = collections.Counter(k[2] for k in seen)
    return dict(out)


def load_labels():
    """(page, line, code) -> verdict."""
    return {(cols[0], int(cols[1]), cols[2]): cols[3] == "true" for cols in label_rows(LABELS)}


def current(path):
    """code -> [true raised, false raised, true lost] for the run in `path`."""
    raised = {(d["file"], d["location"]["line"], d["code"]) for d in records_in(path, "finding")}
    counts = collections.defaultdict(lambda: [0, 0, 0])
    for key, verdict in load_labels().items():
        c = counts[key[2]]
        if key in raised:
            c[0 if verdict else 1] += 1
        elif verdict:
            c[2] += 1
    return counts


def current_table(counts):
    rows = ["| code | labelled and raised | true | false | precision | true findings lost |",
            "|---|---:|---:|---:|---:|---:|"]
    for code in sorted(counts):
        t, f, lost = counts[code]
        p = f"{100 * t / (t + f):.1f} %" if t + f else "–"
        rows.append(f"| `{code}` | {t + f} | {t} | {f} | {p} | {lost} |")
    t = sum(c[0] for c in counts.values())
    f = sum(c[1] for c in counts.values())
    lost = sum(c[2] for c in counts.values())
    rows.append(f"| **all** | {t + f} | {t} | {f} | {100 * t / (t + f):.1f} % | {lost} |")
    summary = (f"Today's checker on the sample: {t} of {t + f} labelled findings it "
               f"raises are true, {100 * t / (t + f):.1f} %; {lost} true findings "
               f"of the sample are no longer raised.")
    return "\n".join(rows), summary


def table(counts, pop=POPULATION):
    rows = ["| code | sampled | true | false | precision | population |",
            "|---|---:|---:|---:|---:|---:|"]
    for code in sorted(counts):
        t, f = counts[code]
        rows.append(f"| `{code}` | {t + f} | {t} | {f} | {100 * t / (t + f):.1f} % "
                    f"| {pop.get(code, '?')} |")
    t = sum(c[0] for c in counts.values())
    f = sum(c[1] for c in counts.values())
    weighted = sum(pop[c] * counts[c][0] / sum(counts[c]) for c in counts)
    total = sum(pop[c] for c in counts)
    rows.append(f"| **all** | {t + f} | {t} | {f} | {100 * t / (t + f):.1f} % | {total} |")
    summary = (f"Overall: {t} of {t + f} sampled findings are true, "
               f"{100 * t / (t + f):.1f} %; weighted by each code's findings "
               f"in the corpus run, {100 * weighted / total:.1f} %.")
    return "\n".join(rows), summary


def main():
    counts, fresh = load()
    rows, summary = table(counts)
    print(rows)
    print()
    print(summary)
    now = None
    later = None
    if "--findings" in sys.argv[1:]:
        path = sys.argv[sys.argv.index("--findings") + 1]
        now = current_table(current(path))
        print()
        print(now[0])
        print()
        print(now[1])
        if fresh:
            # Weighted by today's findings per code (the run the fresh sample
            # was drawn from, given by --findings).
            later = table(fresh, population(path))
            print()
            print(later[0])
            print()
            print(later[1])
    if "--write" in sys.argv[1:]:
        with open(DOC, "w", encoding="utf-8") as f:
            f.write("<!-- Generated by benches/precision.py --write from "
                    "tests/precision/labels.tsv: do not edit by hand. -->\n\n")
            f.write("# Precision of `check` on the 2021 Graph corpus\n\n")
            f.write("Generated from the labelled sample in `tests/precision/labels.tsv`: "
                    "findings of `check` over the corpus (both versions, with metadata "
                    "and permissions), drawn with a fixed seed by "
                    "`benches/precision/draw.py` (every code with 5 or more findings "
                    "has at least 5 samples) and each judged by reading the page. "
                    "A finding is true when the page (or the API) is wrong, false "
                    "when the page is right. `tests/precision.rs` asserts that the "
                    "true ones are still raised and the false ones are not.\n\n")
            if now:
                f.write("## The checker today\n\n"
                        "Of the labelled findings, those the current checker still "
                        "raises (`benches/precision.py --findings`, from "
                        "`check --format json` over the corpus with metadata and "
                        "permissions):\n\n")
                f.write(now[0] + "\n\n" + now[1] + "\n\n")
            if later:
                f.write("## A fresh sample of today's checker\n\n"
                        "The labels after the `# drawn from ...` comment in "
                        "`labels.tsv`: 80 findings of today's run not labelled "
                        "before, drawn with seed 2026 by `benches/precision/draw.py "
                        "--exclude tests/precision/labels.tsv --count 80 --seed 2026 "
                        "--min-per-code 2` (every code with 5 or more unlabelled "
                        "findings has at least 2 samples, the rest in proportion). "
                        "Unlike the table above, it is not biased towards the kinds "
                        "of false findings already fixed. Population: today's "
                        "findings per code.\n\n")
                f.write(later[0] + "\n\n" + later[1] + "\n\n")
            f.write("## The sample as drawn\n\n"
                    "Precision of the run the first sample was drawn from (before "
                    "the false kinds it found were fixed; the labels before the "
                    "first `# drawn from ...` comment):\n\n")
            f.write(rows + "\n\n" + summary + "\n")
        print(f"wrote {os.path.relpath(DOC, ROOT)}")


if __name__ == "__main__":
    main()
