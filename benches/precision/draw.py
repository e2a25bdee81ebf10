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

A further sample, of findings not yet labelled (the defaults above are those
of the first draw and are unchanged when no option is given):

    python3 benches/precision/draw.py findings.jsonl \
        --exclude tests/precision/labels.tsv --count 80 --seed 2026 --min-per-code 2

--exclude drops findings whose (page, line, code) is already in that labels
file; --count is the sample size (exactly: the proportional shares are
rounded by largest remainder), --seed the seed, --min-per-code the floor for
codes with >= 5 findings left (codes with fewer get their proportional share,
which may be 0).
"""
import argparse
import collections
import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from jsonl import label_rows, records_in  # noqa: E402  (benches/jsonl.py)

SEED = 13
TARGET = 250


def load(path):
    # One finding per (page, line, code, message): duplicates are one label.
    return sorted({(d["file"], d["location"]["line"], d["code"], d["message"]) for d in records_in(path, "finding")})


def quotas(counts, scale):
    q = {}
    for code, n in counts.items():
        if n >= 5:
            q[code] = min(n, max(5, round(n * scale)))
        else:
            q[code] = 1
    return q


def labelled(path):
    return {(cols[0], int(cols[1]), cols[2]) for cols in label_rows(path)}


def fresh_quotas(counts, count, floor):
    """Exactly `count` in all: codes with >= 5 findings get at least `floor`,
    the rest of the sample is shared in proportion to the counts (largest
    remainder), never more than a code has."""
    q = {c: (min(floor, n) if n >= 5 else 0) for c, n in counts.items()}
    total = sum(counts.values())
    share = {c: n * count / total for c, n in counts.items()}
    scale_lo, scale_hi = 0.0, float(count)
    for _ in range(60):  # scale the shares so the floors plus them make count
        mid = (scale_lo + scale_hi) / 2
        s = sum(min(counts[c], max(q[c], share[c] * mid)) for c in counts)
        if s < count:
            scale_lo = mid
        else:
            scale_hi = mid
    want = {c: min(counts[c], max(q[c], share[c] * scale_hi)) for c in counts}
    base = {c: int(w) for c, w in want.items()}
    rest = count - sum(base.values())
    order = sorted(counts, key=lambda c: (-(want[c] - base[c]), c))
    for c in order:
        if rest <= 0:
            break
        if base[c] < counts[c]:
            base[c] += 1
            rest -= 1
    return base


def by_code_of(findings):
    by_code = collections.defaultdict(list)
    for f in findings:
        by_code[f[2]].append(f)
    return by_code


def draw(by_code, quota, seed):
    """`quota[code]` findings of each code, drawn with `seed`, then printed
    as unjudged rows of labels.tsv (header first); the sample, sorted."""
    rng = random.Random(seed)
    sample = []
    for code in sorted(by_code):
        sample += rng.sample(by_code[code], quota[code])
    sample.sort()
    print("page\tline\tcode\tverdict\treason\tmessage")
    for page, line, code, message in sample:
        message = message.replace("\t", " ").replace("\n", " ")
        print(f"{page}\t{line}\t{code}\t\t\t{message}")
    return sample


def fresh(args):
    seen = labelled(args.exclude) if args.exclude else set()
    findings = [f for f in load(args.findings) if (f[0], f[1], f[2]) not in seen]
    by_code = by_code_of(findings)
    counts = {c: len(v) for c, v in by_code.items()}
    q = fresh_quotas(counts, args.count, args.min_per_code)
    sample = draw(by_code, q, args.seed)
    print(
        f"# {len(findings)} unlabelled findings, {len(sample)} drawn, seed {args.seed}",
        file=sys.stderr,
    )


def main():
    if len(sys.argv) > 2:
        ap = argparse.ArgumentParser()
        ap.add_argument("findings")
        ap.add_argument("--exclude")
        ap.add_argument("--count", type=int, default=TARGET)
        ap.add_argument("--seed", type=int, default=SEED)
        ap.add_argument("--min-per-code", type=int, default=2)
        return fresh(ap.parse_args())
    findings = load(sys.argv[1])
    by_code = by_code_of(findings)
    counts = {c: len(v) for c, v in by_code.items()}
    scale = 0.0
    while sum(quotas(counts, scale).values()) < TARGET:
        scale += 0.0005
    q = quotas(counts, scale)
    sample = draw(by_code, q, SEED)
    print(
        f"# {len(findings)} findings, {len(sample)} drawn, scale {scale:.4f}",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
