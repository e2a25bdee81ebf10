#!/usr/bin/env bash
# The whole commands over the shared corpus, two binaries side by side.
#
#   MDCONTRACT_CORPUS=../shared/corpus/graph-docs-2021 \
#   MDCONTRACT_METADATA=../shared/metadata/graph-2021-07 \
#       benches/commands.sh OLD_BIN NEW_BIN [RUNS]
#
# Runs, from the corpus root, RUNS times each (default 7), OLD then NEW:
#
#   extract v1.0 beta --format json
#   check v1.0 beta --format json   (with --metadata and --permissions of
#                                    v1.0 and beta from MDCONTRACT_METADATA)
#   replay v1.0 beta --format json  (against the stub, the docs' own schemas)
#
# under /usr/bin/time, and prints per command and binary the median wall
# time (minimum–maximum), the median CPU seconds (user + system), the median
# peak RSS (the `Maximum resident set size` of `/usr/bin/time -v`), and for
# replay examples/s of the whole command. Nothing is written outside a
# temporary directory. Medians of commands run in pairs are the figures to
# compare: other work on the machine slows both sides alike. Whether the two
# binaries find the same is benches/same-results.sh's and
# benches/same-verdicts.sh's question.
set -euo pipefail
[ $# -ge 2 ] || { sed -n '2,20p' "$0"; exit 2; }
old="$(realpath "$1")"; new="$(realpath "$2")"; runs="${3:-7}"
cd "$(dirname "$0")/.."
. benches/corpus.sh
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$corpus"
for cmd in extract check replay; do
    case $cmd in
        extract) args=(extract v1.0 beta --format json) ;;
        check) args=(check v1.0 beta --format json "${metadata[@]}" "${permissions[@]}") ;;
        replay) args=(replay v1.0 beta --format json --quiet) ;;
    esac
    for _ in $(seq "$runs"); do
        for side in old new; do
            bin="$old"; [ "$side" = new ] && bin="$new"
            /usr/bin/time -o "$work/time" -f "%e %U %S %M" "$bin" "${args[@]}" >"$work/$cmd-$side.out" 2>/dev/null || true
            echo "$cmd $side $(tail -1 "$work/time")" >>"$work/times"
        done
    done
done
examples="$(grep -o '"examples":[0-9]*' "$work/replay-new.out" | tail -1 | cut -d: -f2)"
python3 - "$work/times" "${examples:-0}" <<'EOF'
import collections, statistics, sys
rows = collections.defaultdict(list)
for line in open(sys.argv[1]):
    cmd, side, wall, user, sys_, rss = line.split()
    rows[(cmd, side)].append((float(wall), float(user) + float(sys_), int(rss) / 1024))
examples = int(sys.argv[2])
print("| command | binary | wall median (min–max) | CPU median | peak RSS median | examples/s |")
print("|---|---|---|---|---|---|")
for cmd in ("extract", "check", "replay"):
    for side in ("old", "new"):
        r = rows[(cmd, side)]
        walls = sorted(x[0] for x in r)
        wall = statistics.median(walls)
        rate = f"{examples / wall:,.0f}" if cmd == "replay" and examples else ""
        print(f"| {cmd} | {side} | {wall:.2f} s ({walls[0]:.2f}–{walls[-1]:.2f}) | "
              f"{statistics.median(x[1] for x in r):.2f} s | "
              f"{statistics.median(x[2] for x in r):.0f} MB | {rate} |")
EOF
