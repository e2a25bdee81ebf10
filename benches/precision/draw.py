#!/usr/bin/env python3
"""Draws the labelled precision sample (tests/precision/labels.tsv) from the
findings of `mdcontract check --format json` over the 2021 Graph corpus.

Reproducible: findings are sorted by (page, line, code, message) before a
seeded draw. Stratified by code: every code with >= 5 findings gets at least 5
samples, a code with fewer gets 1 (its proportional share would round to 0),
and otherwise each code gets round(count * scale), scale being the smallest
that makes the sample at least TARGET findings.

Usage (from the corpus root, so that pages are named relative to it):

    cd $MDCONTRACT_CORPUS
    mdcontract check v1.0 beta --metadata v1.0=$M/v1.0.csdl.xml \
        --metadata beta=$M/beta.csdl.xml --permissions v1.0=$M/v1.0.permissions.xml \
        --permissions beta=$M/beta.permissions.xml --format json > findings.jsonl
    python3 benches/precision/draw.py findings.jsonl > sample.tsv

The sample is printed as TSV with empty verdict and reason columns, to be
filled in by a human reading each page at its line.
"""
import collections
import json
import random
import sys

SEED = 13
TARGET = 250


def load(path):
    out = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            if d.get("kind") != "finding":
                continue
            out.append((d["file"], d["location"]["line"], d["code"], d["message"]))
    # One finding per (page, line, code, message): duplicates are one label.
    return sorted(set(out))


def quotas(counts, scale):
    q = {}
    for code, n in counts.items():
        if n >= 5:
            q[code] = min(n, max(5, round(n * scale)))
        else:
            q[code] = 1
    return q


def main():
    findings = load(sys.argv[1])
    by_code = collections.defaultdict(list)
    for f in findings:
        by_code[f[2]].append(f)
    counts = {c: len(v) for c, v in by_code.items()}
    scale = 0.0
    while sum(quotas(counts, scale).values()) < TARGET:
        scale += 0.0005
    q = quotas(counts, scale)
    rng = random.Random(SEED)
    sample = []
    for code in sorted(by_code):
        sample += rng.sample(by_code[code], q[code])
    sample.sort()
    print("page\tline\tcode\tverdict\treason\tmessage")
    for page, line, code, message in sample:
        message = message.replace("\t", " ").replace("\n", " ")
        print(f"{page}\t{line}\t{code}\t\t\t{message}")
    print(
        f"# {len(findings)} findings, {len(sample)} drawn, scale {scale:.4f}",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
