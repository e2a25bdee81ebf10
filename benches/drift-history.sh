#!/usr/bin/env bash
# Drift precision on real metadata history: `mdcontract drift` over pairs of
# Microsoft Graph's published metadata (github.com/microsoftgraph/msgraph-metadata),
# consecutive snapshots of one variant and the raw and cleaned variants of one
# date, with the changes it calls breaking counted by kind and detail, and a
# fixed sample of breaking verdicts printed for reading.
#
#   benches/drift-history.sh GIT_DIR      # a clone (or bare copy) of msgraph-metadata
#   MDCONTRACT_METADATA_HISTORY=DIR benches/drift-history.sh   # files extracted before
#
# The files are extracted (git show COMMIT:PATH) into $MDCONTRACT_METADATA_HISTORY
# (default target/drift-history), outside the repository's tracked files: they
# are large and not ours to commit. Needs GitHub (or a copy of the repository),
# so CI does not run it; tests/fixtures/drift/history/ holds hand-written pairs
# of the kinds found here, which tests/drift.rs checks.
#
# Env: MDCONTRACT_BIN (default target/debug/mdcontract, built if missing),
#      SAMPLE (breaking verdicts printed per pair, default 6).
set -euo pipefail
cd "$(dirname "$0")/.."
git_dir="${1:-}"
out="${MDCONTRACT_METADATA_HISTORY:-target/drift-history}"
bin="${MDCONTRACT_BIN:-${CARGO_TARGET_DIR:-target}/debug/mdcontract}"
sample="${SAMPLE:-6}"
mkdir -p "$out"

# name commit path: one published file at one commit.
files='
v1.0-clean-2021-06-22 97053cd2 clean_v10_metadata/cleanMetadata.xml
v1.0-clean-2021-07-27 e37d3b32 clean_v10_metadata/cleanMetadata.xml
v1.0-clean-2023-05-25 20c1c24b clean_v10_metadata/cleanMetadata.xml
v1.0-clean-2023-06-28 29b9b5ce clean_v10_metadata/cleanMetadata.xml
v1.0-clean-2025-06-12 63b12cbe clean_v10_metadata/cleanMetadata.xml
v1.0-clean-2025-07-29 82bdc116 clean_v10_metadata/cleanMetadata.xml
v1.0-clean-2026-06-30 46e7d966 clean_v10_metadata/cleanMetadata.xml
v1.0-clean-2026-07-21 56f1abe8 clean_v10_metadata/cleanMetadata.xml
v1.0-raw-2021-06-22 d6fa7f73 v1.0_metadata.xml
v1.0-raw-2021-07-27 e7d270a7 v1.0_metadata.xml
v1.0-raw-2023-05-25 2412e970 v1.0_metadata.xml
v1.0-raw-2023-06-28 5eeeceba v1.0_metadata.xml
v1.0-prod-2026-06-30 59135828 schemas/v1.0-Prod.csdl
v1.0-prod-2026-07-31 b34f2212 schemas/v1.0-Prod.csdl
beta-raw-2021-05-18 f5267463 beta_metadata.xml
beta-raw-2021-06-22 222ba30a beta_metadata.xml
beta-clean-2021-05-18 d75edd40 clean_beta_metadata/cleanMetadata.xml
beta-clean-2021-06-08 1196ce21 clean_beta_metadata/cleanMetadata.xml
'
# old new: versions of one variant.
pairs='
v1.0-clean-2021-06-22 v1.0-clean-2021-07-27
v1.0-clean-2023-05-25 v1.0-clean-2023-06-28
v1.0-clean-2025-06-12 v1.0-clean-2025-07-29
v1.0-clean-2026-06-30 v1.0-clean-2026-07-21
v1.0-raw-2021-06-22 v1.0-raw-2021-07-27
v1.0-raw-2023-05-25 v1.0-raw-2023-06-28
v1.0-prod-2026-06-30 v1.0-prod-2026-07-31
beta-raw-2021-05-18 beta-raw-2021-06-22
beta-clean-2021-05-18 beta-clean-2021-06-08
'
# Then the variants of one date, each pair compared both ways (the 2026 raw
# file is the one the 2026-07-21 cleaned file matches best).
variants='
v1.0-raw-2021-06-22 v1.0-clean-2021-06-22
v1.0-raw-2023-05-25 v1.0-clean-2023-05-25
beta-raw-2021-05-18 beta-clean-2021-05-18
v1.0-prod-2026-06-30 v1.0-clean-2026-07-21
'
while read -r a b; do
  [ -n "$a" ] || continue
  pairs+="$a $b"$'\n'"$b $a"$'\n'
done <<< "$variants"

while read -r name commit path; do
  [ -n "$name" ] || continue
  f="$out/$name.xml"
  [ -s "$f" ] && continue
  [ -n "$git_dir" ] || { echo "$f missing: pass the msgraph-metadata git directory" >&2; exit 2; }
  git --git-dir="$git_dir" show "$commit:$path" > "$f.part" && mv "$f.part" "$f"
done <<< "$files"

[ -x "$bin" ] || cargo build --quiet
mkdir -p "$out/json"
while read -r a b; do
  [ -n "$a" ] || continue
  # Exit 1 means drift found.
  "$bin" drift --from "$out/$a.xml" --to "$out/$b.xml" --format json > "$out/json/$a..$b.json" || [ $? -eq 1 ]
done <<< "$pairs"

python3 - "$out/json" "$sample" <<'PY'
import collections, glob, json, os, re, sys
folder, sample = sys.argv[1], int(sys.argv[2])
total_items = total_breaking = 0
for f in sorted(glob.glob(os.path.join(folder, "*.json")), key=os.path.getmtime):
    items = [json.loads(l) for l in open(f)]
    items = [i for i in items if i.get("kind") == "drift"]
    breaking = [i for i in items if i.get("impact") == "breaking"]
    total_items += len(items)
    total_breaking += len(breaking)
    print(f"{os.path.basename(f)[:-5]}: {len(items)} changes, {len(breaking)} breaking")
    kinds = collections.Counter()
    for i in breaking:
        shape = re.sub(r"[\w.]+\.[\w.]+|\d+", "…", i["detail"])
        kinds[(i["item_kind"], i["change"], shape)] += 1
    for (k, c, d), n in kinds.most_common(8):
        print(f"  {n:5}  {k} {c}: {d}")
    # A fixed sample: evenly spaced over the breaking items in report order.
    step = max(1, len(breaking) // max(sample, 1))
    for i in breaking[::step][:sample]:
        print(f"    sample: {i['item_kind']} {i['change']} {i['subject']}: {i['detail']}")
print(f"total: {total_items} changes, {total_breaking} breaking")
PY
