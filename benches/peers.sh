#!/usr/bin/env bash
# mdcontract against its peers on the same work, in one run; rewrites the
# section between `<!-- peers:begin -->` and `<!-- peers:end -->` of
# docs/performance.md with the ratios and the raw medians.
#
#   MDCONTRACT_CORPUS=../shared/corpus/graph-docs-2021 benches/peers.sh
#
# The work: the documented GET examples of v1.0/api and beta/api that a plain
# OpenAPI path can carry (200, JSON body, no placeholder or query string; at
# most PEERS_EXAMPLES, default 400), turned by benches/peers/openapi.py into
# an OpenAPI 3.0 document (Prism) and a Swagger 2.0 one (Dredd).
#
# - Mock servers: Prism 5 (`prism mock`, static examples, logging at `error`)
#   against `mdcontract serve` of the pages those examples come from. wrk,
#   2 threads, 16 connections, PEERS_SECONDS (default 10) seconds after a
#   2-second warm-up, every kept URL in a fixed order (benches/peers/urls.lua
#   is generated with them); PEERS_RUNS runs each (default 3), alternating;
#   medians of throughput and p99 latency; peak RSS (VmHWM) of each server's
#   process tree over its runs.
# - Replay: Dredd 14 replaying the Swagger document against `mdcontract
#   serve` (the same stub), against `mdcontract replay` of the same examples
#   (its own wiremock stub, every check): wall time, examples/s; PEERS_RUNS
#   runs each, alternating, medians.
#
# Prism and Dredd are installed with npm into PEERS_NPM_DIR (default a
# temporary directory, removed at the end). The binary is MDCONTRACT_BIN,
# else target/release/mdcontract, built if missing. Needs node/npm, wrk and
# python3 on PATH. Not part of `cargo test`. Takes about 5 minutes.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
corpus="${MDCONTRACT_CORPUS:-../shared/corpus/graph-docs-2021}"
[ -d "$corpus/v1.0/api" ] || { echo "corpus not found: $corpus (set MDCONTRACT_CORPUS)" >&2; exit 2; }
corpus="$(cd "$corpus" && pwd)"
for tool in node npm wrk python3; do
    command -v "$tool" >/dev/null || { echo "$tool is not on PATH" >&2; exit 2; }
done
runs="${PEERS_RUNS:-3}"
seconds="${PEERS_SECONDS:-10}"
limit="${PEERS_EXAMPLES:-400}"
bin="${MDCONTRACT_BIN:-}"
if [ -z "$bin" ]; then
    bin="$root/target/release/mdcontract"
    [ -x "$bin" ] || cargo build --release --bin mdcontract
fi
work="$(mktemp -d)"
pids=()
cleanup() {
    for p in ${pids[@]+"${pids[@]}"}; do kill "$p" 2>/dev/null || true; done
    rm -rf "$work"
}
trap cleanup EXIT
npm_dir="${PEERS_NPM_DIR:-$work/npm}"
if [ ! -x "$npm_dir/node_modules/.bin/prism" ] || [ ! -x "$npm_dir/node_modules/.bin/dredd" ]; then
    echo "installing Prism 5 and Dredd 14 into $npm_dir" >&2
    npm install --silent --no-audit --no-fund --prefix "$npm_dir" @stoplight/prism-cli@5 dredd@14 >&2
fi
prism="$npm_dir/node_modules/.bin/prism"
dredd="$npm_dir/node_modules/.bin/dredd"

# The inputs.
# Exit 1 means the pages have findings: expected.
rc=0
"$bin" extract --format json "$corpus/v1.0/api" "$corpus/beta/api" >"$work/extract.jsonl" || rc=$?
[ "$rc" -le 1 ] || { echo "mdcontract extract exited $rc" >&2; exit 2; }
kept="$(python3 benches/peers/openapi.py "$work/in" "$limit" <"$work/extract.jsonl")"
mkdir -p "$work/pages"
while read -r file; do
    rel="${file#"$corpus"/}"
    mkdir -p "$work/pages/$(dirname "$rel")"
    cp "$file" "$work/pages/$rel"
done <"$work/in/files.txt"
filters=()
while read -r id; do filters+=(--filter "$id"); done <"$work/in/ids.txt"
echo "$kept GET examples from $(wc -l <"$work/in/files.txt") pages" >&2

# Peak RSS (kB) of a process and its descendants, summed.
tree_hwm() {
    local total=0 p kids
    for p in "$@"; do
        [ -r "/proc/$p/status" ] || continue
        total=$((total + $(awk '/^VmHWM:/ {print $2}' "/proc/$p/status")))
        kids="$(cat /proc/"$p"/task/*/children 2>/dev/null | tr '\n' ' ')"
        [ -n "${kids// /}" ] && total=$((total + $(tree_hwm $kids)))
    done
    echo "$total"
}
# Waits until something answers on 127.0.0.1:$1.
wait_port() {
    for _ in $(seq 1 300); do
        (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
        sleep 0.1
    done
    echo "nothing listens on port $1" >&2
    return 1
}
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# Starts `mdcontract serve`; sets serve_pid and serve_port.
start_serve() {
    serve_port="$(free_port)"
    "$bin" serve --quiet --port "$serve_port" "$work/pages" >"$work/serve.out" 2>"$work/serve.err" &
    serve_pid=$!
    pids+=("$serve_pid")
    wait_port "$serve_port"
}
start_prism() {
    prism_port="$(free_port)"
    "$prism" mock -h 127.0.0.1 -p "$prism_port" -v error "$work/in/openapi.json" >"$work/prism.out" 2>&1 &
    prism_pid=$!
    pids+=("$prism_pid")
    wait_port "$prism_port"
}
# wrk against port $1: "requests/s p99_us non2xx errors".
load() {
    wrk -t2 -c16 -d2s -s "$work/in/urls.lua" "http://127.0.0.1:$1" >/dev/null 2>&1 || true
    wrk -t2 -c16 -d"${seconds}s" -s "$work/in/urls.lua" "http://127.0.0.1:$1" 2>&1 |
        awk '/^WRK / {printf "%.1f %d %d %d\n", $2 / ($3 / 1e6), $4, $5, $6}'
}

echo "mock servers: wrk, $runs runs of ${seconds}s each" >&2
start_serve
start_prism
: >"$work/serve.load"; : >"$work/prism.load"
for _ in $(seq 1 "$runs"); do
    load "$serve_port" | tee -a "$work/serve.load" >&2
    load "$prism_port" | tee -a "$work/prism.load" >&2
done
serve_rss="$(tree_hwm "$serve_pid")"
prism_rss="$(tree_hwm "$prism_pid")"
kill "$prism_pid" 2>/dev/null || true

echo "replay: Dredd and mdcontract replay, $runs runs each" >&2
: >"$work/dredd.times"; : >"$work/replay.times"
now() { python3 -c 'import time; print(time.monotonic())'; }
for _ in $(seq 1 "$runs"); do
    t0="$(now)"
    "$dredd" "$work/in/swagger.json" "http://127.0.0.1:$serve_port" --no-color \
        >"$work/dredd.out" 2>&1 || true
    t1="$(now)"
    "$bin" replay --quiet --format json ${filters[@]+"${filters[@]}"} "$work/pages" >"$work/replay.jsonl" 2>"$work/replay.err" || true
    t2="$(now)"
    echo "$t0 $t1" | awk '{print $2 - $1}' >>"$work/dredd.times"
    echo "$t1 $t2" | awk '{print $2 - $1}' >>"$work/replay.times"
    echo "dredd $(tail -1 "$work/dredd.times") s, replay $(tail -1 "$work/replay.times") s" >&2
done

python3 benches/peers/page.py docs/performance.md "$kept" "$runs" "$seconds" \
    "$work/serve.load" "$work/prism.load" "$serve_rss" "$prism_rss" \
    "$work/dredd.times" "$work/dredd.out" "$work/replay.times" "$work/replay.jsonl" \
    "$("$prism" --version 2>/dev/null || echo 5)" "$("$dredd" --version 2>/dev/null | awk '{print $2}')"
echo "docs/performance.md: peers section rewritten" >&2
