#!/usr/bin/env bash
# Stub replay benchmarks over the shared corpus.
#
#   benches/replay.sh                  the divan benchmark (benches/replay.rs)
#   benches/replay.sh OLD_BIN NEW_BIN [RUNS]
#                                      `mdcontract replay` of the whole corpus,
#                                      two binaries timed in pairs
#
# Without arguments: accept the corpus snapshots (outside the repository, in
# target/mdcontract-snapshots/), then time `cargo bench --bench replay`.
# Prints examples/s for each benchmark.
#
# With two binaries: RUNS pairs (default 5), OLD then NEW each time, of
# `mdcontract replay --quiet --format json CORPUS` (with --metadata v1.0=…
# beta=… when MDCONTRACT_METADATA is set); per binary the median, minimum
# and maximum of the wall time of the command, of the replay itself (the
# summary's `seconds`: every example replayed, after the pages and the
# metadata are loaded),
# examples/s of each, CPU seconds (user + system) and peak RSS. The CLI runs
# no snapshot check: nothing is written anywhere.
set -euo pipefail
cd "$(dirname "$0")/.."
corpus="${MDCONTRACT_CORPUS:-../shared/corpus/graph-docs-2021}"
[ -d "$corpus" ] || { echo "corpus not found: $corpus (set MDCONTRACT_CORPUS)"; exit 2; }
if [ $# -eq 0 ]; then
    # Writes the corpus snapshots that are missing; the docs that are wrong fail
    # here, which is expected (the count per code is printed at the end).
    INSTA_UPDATE=always MDCONTRACT_DOCS="$corpus" cargo test --release --test contracts >/dev/null 2>&1 || true
    MDCONTRACT_CORPUS="$corpus" cargo bench --bench replay
    exit
fi
[ $# -ge 2 ] || { echo "usage: $0 [OLD_BIN NEW_BIN [RUNS]]" >&2; exit 2; }
old="$1" new="$2" runs="${3:-5}"
. benches/metadata.sh
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
for i in $(seq 1 "$runs"); do
    for side in old new; do
        bin="$old"; [ "$side" = new ] && bin="$new"
        rc=0
        /usr/bin/time -f "%e %U %S %M" -o "$work/time" \
            "$bin" replay --quiet --format json ${metadata[@]+"${metadata[@]}"} "$corpus" >"$work/out" 2>/dev/null || rc=$?
        [ "$rc" -le 1 ] || { echo "$side binary exited $rc" >&2; exit 2; }
        summary="$(grep '"kind":"summary"\|"kind": "summary"' "$work/out" | tail -1)"
        echo "$side $(tail -1 "$work/time") $summary" >>"$work/runs"
        echo "run $i $side: $(tail -1 "$work/time" | awk '{printf "wall %s s, cpu %.2f s, %d MB", $1, $2 + $3, $4 / 1024}')" >&2
    done
done
exec python3 - "$work/runs" <<'PY'
import json, statistics, sys
rows = {"old": [], "new": []}
for line in open(sys.argv[1]):
    side, wall, user, sys_, rss, summary = line.split(" ", 5)
    s = json.loads(summary)
    rows[side].append((float(wall), float(s["seconds"]), float(user) + float(sys_), int(rss) / 1024, s["examples"]))
for side in ("old", "new"):
    r = rows[side]
    n = r[0][4]
    def stat(i, fmt):
        v = [x[i] for x in r]
        return f"{fmt.format(statistics.median(v))} (min {fmt.format(min(v))}, max {fmt.format(max(v))})"
    print(f"{side}: {n} examples, {len(r)} runs")
    print(f"  wall      {stat(0, '{:.2f}')} s  = {n / statistics.median(x[0] for x in r):,.0f} examples/s")
    print(f"  replay    {stat(1, '{:.2f}')} s  = {n / statistics.median(x[1] for x in r):,.0f} examples/s")
    print(f"  cpu       {stat(2, '{:.2f}')} s")
    print(f"  peak RSS  {stat(3, '{:.0f}')} MB")
PY
