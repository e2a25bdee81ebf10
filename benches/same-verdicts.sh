#!/usr/bin/env bash
# Same verdicts before and after: replays every example of the corpus with
# two mdcontract binaries (`--format json`, against the stub) and compares,
# example by example, the verdict (passed, failed, skipped, errored) and the
# sorted list of finding codes of a failed example. Prints "identical" and
# exits 0, or prints the differences and exits 1.
#
#   benches/same-verdicts.sh OLD_BIN NEW_BIN
#
# MDCONTRACT_CORPUS (default ../shared/corpus/graph-docs-2021) is the corpus,
# MDCONTRACT_METADATA, when set, the metadata directory: its v1.0.csdl.xml and
# beta.csdl.xml are given with --metadata v1.0=… --metadata beta=…. STRICT=1 also
# compares every other field of the example lines (messages, lines,
# pointers, values, reasons and errors).
#
# `mdcontract replay` runs no snapshot check (only `cargo test` harnesses
# do), so nothing is read from or written to any snapshot directory.
set -euo pipefail
[ $# -eq 2 ] || { echo "usage: $0 OLD_BIN NEW_BIN" >&2; exit 2; }
old="$1" new="$2"
cd "$(dirname "$0")/.."
corpus="${MDCONTRACT_CORPUS:-../shared/corpus/graph-docs-2021}"
[ -d "$corpus" ] || { echo "corpus not found: $corpus (set MDCONTRACT_CORPUS)" >&2; exit 2; }
. benches/metadata.sh
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
for side in old new; do
    bin="$old"; [ "$side" = new ] && bin="$new"
    # Exit code 1 means "some examples failed": expected on this corpus.
    rc=0
    "$bin" replay --quiet --format json ${metadata[@]+"${metadata[@]}"} "$corpus" >"$work/$side.jsonl" 2>"$work/$side.err" || rc=$?
    if [ "$rc" -gt 1 ]; then
        echo "$side binary ($bin) exited $rc:" >&2
        tail -5 "$work/$side.err" >&2
        exit 2
    fi
done
exec python3 - "$work/old.jsonl" "$work/new.jsonl" <<'PY'
import json, os, sys

sys.path.insert(0, "benches")
from jsonl import records

strict = os.environ.get("STRICT") == "1"

def load(path):
    out = {}
    for n, rec in records(open(path, encoding="utf-8"), path, "example"):
        findings = rec.get("mismatches", rec.get("findings", [])) or []
        codes = sorted(str(f.get("code")) for f in findings)
        key = (rec.get("verdict"), tuple(codes))
        if strict:
            key = key + (json.dumps(rec, sort_keys=True),)
        if rec["id"] in out:
            sys.exit(f"{path}:{n}: example {rec['id']} twice")
        out[rec["id"]] = key
    return out

old, new = load(sys.argv[1]), load(sys.argv[2])
diffs = []
for i in sorted(set(old) | set(new)):
    a, b = old.get(i), new.get(i)
    if a != b:
        diffs.append((i, a, b))
count = lambda d: {v: sum(1 for k in d.values() if k[0] == v) for v in ("passed", "failed", "skipped", "errored")}
print(f"old: {len(old)} examples {count(old)}")
print(f"new: {len(new)} examples {count(new)}")
if not diffs:
    print("identical")
    sys.exit(0)
for i, a, b in diffs[:200]:
    show = lambda k: "missing" if k is None else f"{k[0]} {' '.join(k[1])}".strip()
    print(f"{i}: {show(a)} -> {show(b)}")
if len(diffs) > 200:
    print(f"... and {len(diffs) - 200} more")
print(f"{len(diffs)} examples differ")
sys.exit(1)
PY
