#!/usr/bin/env bash
# Peak memory of every command over the shared corpus, one binary.
#
#   MDCONTRACT_CORPUS=../shared/corpus/graph-docs-2021 \
#   MDCONTRACT_METADATA=../shared/metadata/graph-2021-07 \
#       benches/memory.sh BIN [RUNS]
#
# Runs, from the corpus root, RUNS times each (default 3), every command
# that reads the whole corpus, with and without metadata where it takes
# some: extract, check, schema, replay (and with --html), serve, verify (and
# as SARIF), drift (--docs, --live against a `serve` of the same pages,
# --from/--to). Prints per command the
# median peak RSS (`/usr/bin/time`'s maximum resident set size; for `serve`,
# the VmHWM of /proc/PID/status at its ready line, since it runs until
# stopped), the median wall time, and whether the median is within LIMIT_MB
# (default 150). Exits 1 when one is not. Nothing is written outside a
# temporary directory.
set -euo pipefail
[ $# -ge 1 ] || { sed -n '2,18p' "$0"; exit 2; }
bin="$(realpath "$1")"; runs="${2:-3}"; limit="${LIMIT_MB:-150}"
cd "$(dirname "$0")/.."
. benches/corpus.sh
work="$(mktemp -d)"
server=""
trap '[ -n "$server" ] && kill "$server" 2>/dev/null; rm -rf "$work"' EXIT
cd "$corpus"

# serve ARGS...: starts `serve` on a free port; sets $server and $url, and
# records its VmHWM at the ready line in $work/times.
serve() {
    rm -f "$work/url" "$work/journal"
    "$bin" serve v1.0 beta --port 0 --journal "$work/journal" "$@" >"$work/url" 2>/dev/null &
    server=$!
    until [ -s "$work/url" ]; do
        kill -0 "$server" 2>/dev/null || { echo "serve $*: did not start" >&2; exit 2; }
        sleep 0.01
    done
    url="$(head -1 "$work/url")"
}

stop() { kill "$server"; wait "$server" 2>/dev/null || true; server=""; }

run() { # run NAME ARGS...
    local name="$1"; shift
    /usr/bin/time -o "$work/time" -f "%e %M" "$bin" "$@" >/dev/null 2>&1 || true
    echo "$name|$(tail -1 "$work/time")" >>"$work/times"
}

for _ in $(seq "$runs"); do
    run "extract" extract v1.0 beta --format json
    run "check" check v1.0 beta --format json
    run "check with metadata and permissions" check v1.0 beta --format json "${metadata[@]}" "${permissions[@]}"
    rm -rf "$work/schemas"; run "schema from the docs" schema v1.0 beta --out "$work/schemas"
    rm -rf "$work/schemas"; run "schema from v1.0 metadata and the docs" schema v1.0 --metadata "${metadata[1]#v1.0=}" --out "$work/schemas"
    run "replay" replay v1.0 beta --format json --quiet
    run "replay with metadata" replay v1.0 beta --format json --quiet "${metadata[@]}"
    run "drift --docs with metadata" drift --docs v1.0 --docs beta "${metadata[@]}"
    run "drift --from/--to" drift --from "${metadata[1]#v1.0=}" --to "${metadata[3]#beta=}"
    for meta in no yes; do
        extra=(); label=""
        if [ "$meta" = yes ]; then extra=("${metadata[@]}"); label=" with metadata"; fi
        serve "${extra[@]}"
        echo "serve$label (at ready)|- $(awk '/VmHWM/ {print $2}' "/proc/$server/status")" >>"$work/times"
        MDCONTRACT_TOKEN=not-a-secret run "drift --live against serve$label" drift --docs v1.0 --docs beta --live --base-url "$url" "${extra[@]}"
        stop
        run "verify --docs$label" verify --journal "$work/journal" --docs v1.0 --docs beta "${extra[@]}"
        run "verify --docs --format sarif$label" verify --journal "$work/journal" --docs v1.0 --docs beta --format sarif "${extra[@]}"
        run "replay --html$label" replay v1.0 beta --quiet --html "$work/replay.html" "${extra[@]}"
    done
done
python3 - "$work/times" "$limit" <<'EOF'
import collections, statistics, sys
rows = collections.defaultdict(list)
for line in open(sys.argv[1]):
    name, rest = line.rstrip("\n").split("|")
    wall, rss = rest.split()
    rows[name].append((None if wall == "-" else float(wall), int(rss) / 1024))
limit, over = float(sys.argv[2]), 0
print(f"| command | peak RSS median (min–max) | wall median | within {limit:.0f} MB |")
print("|---|---|---|---|")
for name, r in rows.items():
    rss = sorted(x[1] for x in r)
    walls = [x[0] for x in r if x[0] is not None]
    wall = f"{statistics.median(walls):.2f} s" if walls else "(until stopped)"
    ok = statistics.median(rss) <= limit
    over += not ok
    print(f"| {name} | {statistics.median(rss):.0f} MB ({rss[0]:.0f}–{rss[-1]:.0f}) | {wall} | {'yes' if ok else 'NO'} |")
sys.exit(1 if over else 0)
EOF
