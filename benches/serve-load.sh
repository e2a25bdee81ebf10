#!/usr/bin/env bash
# Load test of `mdcontract serve` over the whole shared corpus with wrk.
#
#   benches/serve-load.sh [SECONDS] [CONNECTIONS] [ROUNDS]
#
# 1. builds the release binary and starts `serve` over the corpus with both
#    CSDL files and a journal (the configuration an SDK team runs), noting
#    start-up time and memory;
# 2. makes a mixed, SDK-like request mix over the whole corpus:
#    - literal: every documented example request whose documented status is
#      below 400, bodies as documented;
#    - template: every URL template of the pages' `## HTTP request` blocks,
#      its placeholders filled with realistic values unlike the examples'
#      (GUID-like ids, user@contoso.com, root:/Folder/file.txt:, 'D7', ...),
#      with the body of the page's example of the same method;
#    - query: a third of the GETs again with OData options the examples do not
#      show ($select=id,displayName, $top=5, $count=true with ConsistencyLevel:
#      eventual, $filter=..., $orderby, $skip), encoded as SDKs encode them
#      (`%24select` or `$select`, spaces as %20);
#    - batch: POSTs to /v1.0/$batch bundling 2-5 v1.0 GETs of the mix, a third
#      of them with `dependsOn`;
#    every candidate is sent once first and kept only if answered 2xx/3xx (a
#    batch only if every inner answer is below 400); the kept and dropped
#    counts per category, the reasons, and the mix's composition are printed;
# 3. runs wrk ROUNDS times (default 3) cycling through the shuffled mix, each
#    request with an explicit Host header, and prints each round and the
#    medians of req/s and p99 latency. Errors are socket errors plus
#    non-2xx/3xx answers (wrk's count), which must be 0.
# Needs wrk (apt-get install wrk) and python3. DEBUG=1 prints every dropped
# request; KEEP=1 keeps the work dir (mix.lua, mix.tsv, journal);
# MIX=literal,template,query,batch restricts the mix to those categories;
# MDCONTRACT_BIN=path measures that binary instead of building this one.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-10}"
connections="${2:-32}"
rounds="${3:-3}"
corpus="${MDCONTRACT_CORPUS:-../shared/corpus/graph-docs-2021}"
metadata="${MDCONTRACT_METADATA:-../shared/metadata/graph-2021-07}"
[ -d "$corpus" ] || { echo "corpus not found: $corpus (set MDCONTRACT_CORPUS)"; exit 2; }
command -v wrk >/dev/null || { echo "wrk not found (apt-get install wrk)"; exit 2; }

# MDCONTRACT_BIN=path runs another build (a previous release, for a side-by-side
# comparison in one session) instead of building this one.
if [ -n "${MDCONTRACT_BIN:-}" ]; then
  bin="$MDCONTRACT_BIN"
else
  cargo build --release --quiet
  bin=target/release/mdcontract
fi
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

python3 - "$work/extract.jsonl" "$url" "$work/mix.lua" "$work/mix.tsv" ${DEBUG:+debug} <<'PY'
import collections, concurrent.futures, json, os, random, re, sys, uuid
import urllib.error, urllib.parse, urllib.request
extract, base, lua, tsv = sys.argv[1:5]
debug = len(sys.argv) > 5 and sys.argv[5] == "debug"
only = set(filter(None, os.environ.get("MIX", "").split(",")))
host = urllib.parse.urlsplit(base).netloc  # 127.0.0.1:PORT, sent as Host
rng = random.Random(2021)
CATEGORIES = ("literal", "template", "query", "batch")
SAFE = "/?&=$,:;@!*'()+%"  # what SDKs leave as is; `"`, `<`, `{`, spaces are encoded

def quote(target):
    return urllib.parse.quote(target, safe=SAFE)

def guid():
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))

def outlook_id():
    raw = bytes(rng.getrandbits(8) for _ in range(33))
    import base64
    return "AAMkA" + base64.urlsafe_b64encode(raw).decode().rstrip("=") + "="

NAMED = {"worksheets": "Sheet1", "tables": "Table1", "charts": "Chart 1", "names": "TaxRate",
         "columns": "Quantity", "series": "Series1", "points": "0", "items": guid}

def fill(name, before, template_version):
    """A realistic value for placeholder {name} (the text before it gives context)."""
    n = name.lower().replace(" ", "")
    prev = before.rstrip("/").rsplit("/", 1)[-1].split("(")[0]
    if "path" in n or before.endswith("root:/") or before.endswith(":/"):
        return "Folder/file.txt"
    if "userprincipalname" in n or "user-principal-name" in n or n in ("upn", "mail", "email", "emailaddress"):
        return "user@contoso.com" if rng.random() < 0.5 else guid()
    if n in ("property",):
        return "displayName"
    if "value" in n and "property" in n:
        return "Contoso"
    if "period" in n:
        return rng.choice(["D7", "D30", "D90", "D180"])
    if "datetime" in n or re.fullmatch(r"(start|end)[-_]?(date|time|value)?", n):
        return rng.choice(["2021-07-01T09:00:00Z", "2021-07-05T17:30:00Z"])
    if "date" in n:
        return "2021-07-01"
    if n in ("address",) or "address" in n:
        return "A1:C4"
    if n in ("n", "index", "row", "column", "count", "top", "skip") or n.endswith("index"):
        return str(rng.randint(1, 9))
    if "search" in n or n in ("q", "query"):
        return "contoso"
    if "domain" in n:
        return "contoso.com"
    if n.startswith("site") and "id" in n:
        return f"contoso.sharepoint.com,{guid()},{guid()}"
    if "name" in n and not n.endswith("id"):
        v = NAMED.get(prev)
        return v() if callable(v) else (v or "Contoso Budget")
    if n in ("id|name",):
        v = NAMED.get(prev)
        return v() if callable(v) else (v or guid())
    if any(k in n for k in ("message", "event", "mailfolder", "contact")) or prev in (
            "messages", "events", "mailFolders", "contacts", "childFolders", "attachments"):
        return outlook_id()
    if "key" == n:
        return "com.contoso.roamingSettings"
    return guid()

def fill_template(url, version):
    out, pos = [], 0
    for m in re.finditer(r"\{([^{}]*)\}", url):
        out.append(url[pos:m.start()])
        out.append(fill(m.group(1), "".join(out), version))
        pos = m.end()
    out.append(url[pos:])
    return "".join(out)

def body_of(req):
    body = req["body"]
    if body["kind"] == "json":
        return json.dumps(body["value"], separators=(",", ":"))
    if body["kind"] == "empty":
        return ""
    return None

# --- the candidates ---------------------------------------------------------
lines = [json.loads(l) for l in open(extract)]
examples_by_file = collections.defaultdict(list)
cands = {c: [] for c in CATEGORIES}  # (category, method, target, headers, body)
dropped = {c: collections.Counter() for c in CATEGORIES}
for ex in lines:
    if ex.get("kind") != "example":
        continue
    examples_by_file[ex["file"]].append(ex)
    req, resp = ex["request"], ex["response"]
    m = re.match(r"https://graph\.microsoft\.com(/(?:v1\.0|beta)/[^ ]*)$", req["url"])
    if not m or resp is None or not (200 <= resp["status"] < 400):
        continue
    data = body_of(req)
    if data is None:
        dropped["literal"]["not sent: not a JSON body"] += 1
        continue
    target = quote(re.sub(r"\{[^}]*\}", "x", m.group(1)))
    cands["literal"].append((req["method"], target, {"Content-Type": "application/json"} if data else {}, data))

seen = set()
for t in lines:
    if t.get("kind") != "template":
        continue
    version = "beta" if "/beta/" in t["file"] else "v1.0"
    url = re.sub(r"^https://graph\.microsoft\.com/(?:v1\.0|beta)", "", t["url"].strip())
    if not url.startswith("/"):
        url = "/" + url
    bare = re.sub(r"\{[^{}]*\}|\([^()]*\)", "x", url.split("?")[0])
    if re.search(r"\s", bare.strip()) or bare.startswith("/**") or "..." in bare:
        dropped["template"]["not sent: not a URL"] += 1
        continue
    same = [e for e in examples_by_file[t["file"]] if e["request"]["method"] == t["method"]]
    data = ""
    if t["method"] in ("POST", "PATCH", "PUT"):
        bodies = [body_of(e["request"]) for e in same]
        data = next((b for b in bodies if b is not None), "")
    key = (version, t["method"], url, data)
    if key in seen:
        continue
    seen.add(key)
    target = quote(f"/{version}{fill_template(url, version)}")
    cands["template"].append((t["method"], target, {"Content-Type": "application/json"} if data else {}, data))

# --- preflight --------------------------------------------------------------
class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args):
        return None  # a documented 3xx is the answer itself
opener = urllib.request.build_opener(NoRedirect)

def send(method, target, headers, data):
    """(status, reason, body) of one request."""
    r = urllib.request.Request(base + target, data=data.encode() or None, method=method)
    for k, v in headers.items():
        r.add_header(k, v)
    r.add_header("Host", host)
    try:
        with opener.open(r, timeout=30) as answer:
            return answer.status, "", answer.read()
    except urllib.error.HTTPError as e:
        body = e.read() or b""
        try:
            why = json.loads(body or b"{}").get("error", {}).get("message", "")
        except ValueError:
            why = ""
        return e.code, why, body
    except Exception as e:  # a broken connection is a reason too
        return 0, type(e).__name__, b""

def reason(status, why):
    why = re.sub(r"'[^']*'|`[^`]*`|\"[^\"]*\"|/\S*|\d+", "…", why)
    return f"{status}: {' '.join(why.split()[:8])}" if why else f"{status}"

def preflight(category, batch_check=False):
    kept = []
    with concurrent.futures.ThreadPoolExecutor(4) as pool:
        for c, (status, why, body) in zip(cands[category], pool.map(lambda c: send(*c), cands[category])):
            ok = 200 <= status < 400
            if ok and batch_check:
                inner = [r.get("status", 0) for r in json.loads(body).get("responses", [])]
                bad = [s for s in inner if not 200 <= s < 400]
                if bad or len(inner) != len(json.loads(c[3])["requests"]):
                    ok, status, why = False, "inner", f"inner statuses {sorted(set(bad))}"
            if ok:
                kept.append(c)
            else:
                dropped[category][reason(status, why)] += 1
                if debug:
                    print(category, c[0], c[1], "->", status, why[:200], file=sys.stderr)
    return kept

mix = {}
for category in ("literal", "template"):
    mix[category] = preflight(category)

# A third of the GETs again, with OPTIONS the examples do not show.
OPTIONS = [
    [("$select", "id,displayName")],
    [("$top", "5")],
    [("$count", "true")],
    [("$filter", "startswith(displayName,'Con')")],
    [("$filter", "displayName eq 'Contoso'"), ("$count", "true")],
    [("$top", "5"), ("$select", "id,displayName")],
    [("$count", "true"), ("$top", "5"), ("$orderby", "displayName")],
    [("$skip", "5"), ("$top", "5")],
    [("$filter", "createdDateTime ge 2021-07-01T00:00:00Z"), ("$top", "5")],
]
gets = [c for cat in ("literal", "template") for c in mix[cat] if c[0] == "GET"]
for n, (method, target, headers, data) in enumerate(gets):
    if n % 3:
        continue
    path, _, query = target.partition("?")
    if path.rsplit("/", 1)[-1] in ("$count", "$value", "content"):
        continue
    have = {urllib.parse.unquote(p.split("=")[0]).lower() for p in query.split("&") if p}
    opts = [(k, v) for k, v in OPTIONS[(n // 3) % len(OPTIONS)] if k not in have]
    if not opts:
        continue
    dollar = "%24" if (n // 3) % 2 else "$"  # SDKs differ: Kiota encodes `$`, others do not
    extra = "&".join(f"{dollar}{k[1:]}={urllib.parse.quote(v, safe=',:')}" for k, v in opts)
    h = dict(headers)
    if any(k == "$count" for k, _ in opts):
        h["ConsistencyLevel"] = "eventual"
    cands["query"].append((method, f"{path}?{query + '&' if query else ''}{extra}", h, data))
mix["query"] = preflight("query")

# $batch: 2-5 v1.0 GETs of the mix, a third of them chained with dependsOn.
pool_v1 = [c for cat in ("literal", "template", "query") for c in mix[cat]
           if c[0] == "GET" and c[1].startswith("/v1.0/")]
n_batches = max(20, sum(len(v) for v in mix.values()) // 20) if pool_v1 else 0
for b in range(n_batches):
    picked = rng.sample(pool_v1, rng.randint(2, 5))
    requests = []
    for i, (method, target, headers, _) in enumerate(picked):
        inner = {"id": str(i + 1), "method": method, "url": target[len("/v1.0"):]}
        if headers:
            inner["headers"] = headers
        if b % 3 == 0 and i:
            inner["dependsOn"] = [str(i)]
        requests.append(inner)
    cands["batch"].append(("POST", "/v1.0/$batch", {"Content-Type": "application/json"},
                           json.dumps({"requests": requests}, separators=(",", ":"))))
mix["batch"] = preflight("batch", batch_check=True)

for category in CATEGORIES:
    reasons = "; ".join(f"{n} × {r}" for r, n in dropped[category].most_common(4))
    more = len(dropped[category]) - 4
    print(f"{category}: {len(mix[category]):,} kept, {sum(dropped[category].values()):,} dropped"
          + (f" ({reasons}{f'; {more} other reasons' if more > 0 else ''})" if reasons else ""))
chosen = [c for cat in CATEGORIES if not only or cat in only for c in mix[cat]]
total = len(chosen)
if not total:
    sys.exit("request mix is empty")
share = ", ".join(f"{cat} {len(mix[cat]) / total:.0%}" for cat in CATEGORIES if not only or cat in only)
tagged = [(cat, c) for cat in CATEGORIES if not only or cat in only for c in mix[cat]]
methods = collections.Counter(c[0] for _, c in tagged)
print(f"request mix: {total:,} requests: {share}; "
      + ", ".join(f"{m} {n / total:.0%}" for m, n in methods.most_common()))
rng.shuffle(tagged)
esc = json.dumps
with open(lua, "w") as f, open(tsv, "w") as t:
    # wrk.format() adds Host only from wrk.headers, which is empty until
    # init(): requests formatted at load time must name Host themselves.
    f.write("local reqs = {}\n")
    for cat, (method, target, headers, data) in tagged:
        h = {"Host": host, **headers}
        lua_h = "{" + ", ".join(f"[{esc(k)}]={esc(v)}" for k, v in h.items()) + "}"
        f.write(f"reqs[#reqs+1] = wrk.format({esc(method)}, {esc(target)}, {lua_h}, {esc(data) if data else 'nil'})\n")
        t.write(f"{cat}\t{method}\t{target}\t{json.dumps(headers)}\t{data}\n")
    f.write("local threads = 0\n"
            "function setup(thread)\n  thread:set('offset', threads * 7919)\n  threads = threads + 1\nend\n"
            "local i\n"
            "function init(args)\n  i = (offset or 0) % #reqs\nend\n"
            "function request()\n  i = i % #reqs + 1\n  return reqs[i]\nend\n")
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
