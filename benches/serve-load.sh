#!/usr/bin/env bash
# Load test of `mdcontract serve` over the whole shared corpus with wrk.
#
#   benches/serve-load.sh [SECONDS] [CONNECTIONS] [ROUNDS]
#
# 1. builds the release binary and starts `serve` over the corpus with both
#    CSDL files and a journal (the configuration an SDK team runs), noting
#    start-up time and memory;
# 2. makes the request mix: every documented request of the corpus whose
#    documented status is below 400, placeholders filled, bodies as
#    documented; each is sent once first and kept only if the server answers
#    it from a documented example (the ones it cannot are counted and shown);
# 3. runs wrk ROUNDS times (default 3) cycling through the mix, and prints
#    each round and the medians of req/s and p99 latency. Errors are socket
#    errors plus non-2xx/3xx answers (wrk's count), which must be 0.
# Needs wrk (apt-get install wrk) and python3.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-10}"
connections="${2:-32}"
rounds="${3:-3}"
corpus="${MDCONTRACT_CORPUS:-../shared/corpus/graph-docs-2021}"
metadata="${MDCONTRACT_METADATA:-../shared/metadata/graph-2021-07}"
[ -d "$corpus" ] || { echo "corpus not found: $corpus (set MDCONTRACT_CORPUS)"; exit 2; }
command -v wrk >/dev/null || { echo "wrk not found (apt-get install wrk)"; exit 2; }

cargo build --release --quiet
bin=target/release/mdcontract
work="$(mktemp -d)"; [ -z "${KEEP:-}" ] || echo "work dir: $work"
trap 'kill "$pid" 2>/dev/null || true; [ -n "${KEEP:-}" ] || rm -rf "$work"' EXIT

"$bin" extract "$corpus" --format json > "$work/extract.jsonl" || true

start=$(date +%s.%N)
"$bin" serve "$corpus" --port 0 --journal "$work/journal.jsonl" \
  --metadata "v1.0=$metadata/v1.0.csdl.xml" --metadata "beta=$metadata/beta.csdl.xml" \
  > "$work/url" 2> "$work/serve.err" &
pid=$!
until [ -s "$work/url" ]; do
  kill -0 "$pid" 2>/dev/null || { cat "$work/serve.err"; exit 2; }
  sleep 0.02
done
ready=$(date +%s.%N)
url="$(head -1 "$work/url")"
rss_ready=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")
printf 'serve ready at %s after %.2f s, RSS %d MB\n' "$url" "$(echo "$ready - $start" | bc)" $((rss_ready / 1024))

python3 - "$work/extract.jsonl" "$url" "$work/mix.lua" ${DEBUG:+debug} <<'PY'
import json, re, sys, urllib.error, urllib.parse, urllib.request
extract, base, lua = sys.argv[1:4]

class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args):
        return None  # a documented 3xx is the answer itself

opener = urllib.request.build_opener(NoRedirect)
mix, dropped = [], {}
for line in open(extract):
    ex = json.loads(line)
    if ex.get("kind") != "example":
        continue
    req, resp = ex["request"], ex["response"]
    m = re.match(r"https://graph\.microsoft\.com(/(?:v1\.0|beta)/[^ ]*)$", req["url"])
    if not m or resp is None or not (200 <= resp["status"] < 400):
        continue
    # Encoded as SDKs encode (`"`, `<`, spaces): raw, hyper refuses them.
    target = urllib.parse.quote(re.sub(r"\{[^}]*\}", "x", m.group(1)), safe="/?&=$,:;@!*'()+%")
    body = req["body"]
    data = json.dumps(body["value"]).encode() if body["kind"] == "json" else b""
    if body["kind"] not in ("json", "empty"):
        dropped["not a JSON body"] = dropped.get("not a JSON body", 0) + 1
        continue
    r = urllib.request.Request(base + target, data=data or None, method=req["method"])
    if data:
        r.add_header("Content-Type", "application/json")
    try:
        with opener.open(r) as answer:
            answer.read()
            if answer.status >= 400:
                dropped[f"answered {answer.status}"] = dropped.get(f"answered {answer.status}", 0) + 1
                continue
    except urllib.error.HTTPError as e:
        if 300 <= e.code < 400:
            mix.append((req["method"], target, data.decode()))
            continue
        try:
            why = json.loads(e.read() or b"{}").get("error", {}).get("message", "")
        except ValueError:
            why = ""
        key = "unmatched: " + why.split(": ", 1)[-1].split(" ")[0] if "no documented example matches" in why else f"answered {e.code} by another example"
        dropped[key] = dropped.get(key, 0) + 1
        if len(sys.argv) > 4:
            print(req["method"], target, "->", e.code, why[:200], file=sys.stderr)
        continue
    mix.append((req["method"], target, data.decode()))
print(f"request mix: {len(mix)} documented requests; left out: {sum(dropped.values())} {dropped}")
esc = lambda s: json.dumps(s)
with open(lua, "w") as f:
    f.write("local reqs = {}\n")
    for method, target, data in mix:
        headers = '{["Content-Type"]="application/json"}' if data else "{}"
        f.write(f"reqs[#reqs+1] = wrk.format({esc(method)}, {esc(target)}, {headers}, {esc(data) if data else 'nil'})\n")
    f.write("local i = 0\nrequest = function()\n  i = i % #reqs + 1\n  return reqs[i]\nend\n")
PY

for round in $(seq "$rounds"); do
  wrk -t2 -c"$connections" -d"${seconds}s" --latency -s "$work/mix.lua" "$url" > "$work/wrk.$round"
  rps=$(awk '/Requests\/sec/ {print $2}' "$work/wrk.$round")
  p99=$(awk '$1 == "99%" {print $2}' "$work/wrk.$round")
  non2xx=$(awk '/Non-2xx/ {print $5}' "$work/wrk.$round")
  sock=$(awk '/Socket errors/ {print $0}' "$work/wrk.$round")
  rss=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")
  echo "round $round: ${rps} req/s, p99 ${p99}, non-2xx/3xx ${non2xx:-0}${sock:+, $sock}; RSS $((rss / 1024)) MB"
done
python3 - "$work" "$rounds" <<'PY'
import re, statistics, sys
work, rounds = sys.argv[1], int(sys.argv[2])
def ms(v):
    n, unit = re.match(r"([\d.]+)(\w+)", v).groups()
    return float(n) * {"us": 0.001, "ms": 1, "s": 1000}[unit]
rps, p99 = [], []
for r in range(1, rounds + 1):
    text = open(f"{work}/wrk.{r}").read()
    rps.append(float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1)))
    p99.append(ms(re.search(r"\s99%\s+(\S+)", text).group(1)))
print(f"median: {statistics.median(rps):,.0f} req/s, p99 {statistics.median(p99):.2f} ms")
PY
