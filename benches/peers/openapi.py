#!/usr/bin/env python3
"""The peers' inputs, built from `mdcontract extract --format json` output.

Reads the JSON lines on stdin and keeps the documented GET examples (v1.0
or beta) that a plain OpenAPI path can carry: a 200 with a JSON body, a
concrete URL of plain segments (no placeholder, parenthesis, colon or query
string), the first example of each path, in input order. Writes into OUT_DIR:

  openapi.json   OpenAPI 3.0 for Prism: each path answers its documented body
  swagger.json   Swagger 2.0 for Dredd: the same requests and responses
  urls.lua       the wrk URL mix: every kept path once, in a fixed order
  ids.txt        the kept example ids (for `mdcontract replay --filter`)
  files.txt      the pages they come from (for `mdcontract serve`)

Usage: openapi.py OUT_DIR [LIMIT]   (LIMIT: keep at most this many, default 400)
"""

import json
import os
import re
import sys
from urllib.parse import urlsplit

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from jsonl import records  # noqa: E402  (benches/jsonl.py)

PLAIN = re.compile(r"^/(v1\.0|beta)(/[A-Za-z0-9._~-]+)+$")


def main():
    if len(sys.argv) not in (2, 3):
        sys.exit(__doc__)
    out = sys.argv[1]
    limit = int(sys.argv[2]) if len(sys.argv) == 3 else 400
    kept = {}
    for _, rec in records(sys.stdin, "stdin", "example"):
        req, resp = rec["request"], rec["response"]
        if req["method"] != "GET" or resp.get("status") != 200:
            continue
        body = resp.get("body", {})
        if body.get("kind") != "json":
            continue
        url = urlsplit(req["url"])
        if url.query or not PLAIN.match(url.path) or url.path in kept:
            continue
        kept[url.path] = (rec["id"], rec["file"], body["value"])
        if len(kept) >= limit:
            break
    if not kept:
        sys.exit("no GET example kept: is the input `mdcontract extract --format json` of Graph pages?")
    os.makedirs(out, exist_ok=True)
    openapi = {
        "openapi": "3.0.3",
        "info": {"title": "Graph GET examples", "version": "1.0"},
        "servers": [{"url": "http://127.0.0.1"}],
        "paths": {},
    }
    swagger = {
        "swagger": "2.0",
        "info": {"title": "Graph GET examples", "version": "1.0"},
        "host": "127.0.0.1",
        "schemes": ["http"],
        "produces": ["application/json"],
        "paths": {},
    }
    for i, (path, (ident, _, value)) in enumerate(kept.items()):
        op = f"get{i}"
        openapi["paths"][path] = {
            "get": {
                "operationId": op,
                "responses": {
                    "200": {
                        "description": ident,
                        "content": {"application/json": {"example": value}},
                    }
                },
            }
        }
        swagger["paths"][path] = {
            "get": {
                "operationId": op,
                "summary": ident,
                "responses": {
                    "200": {
                        "description": ident,
                        "examples": {"application/json": value},
                    }
                },
            }
        }
    with open(os.path.join(out, "openapi.json"), "w") as f:
        json.dump(openapi, f)
    with open(os.path.join(out, "swagger.json"), "w") as f:
        json.dump(swagger, f)
    with open(os.path.join(out, "urls.lua"), "w") as f:
        f.write("-- wrk: every kept path once, in a fixed order, per thread.\n")
        f.write("local paths = {\n")
        for path in kept:
            f.write(f"  {json.dumps(path)},\n")
        f.write("}\n")
        f.write(URLS_LUA)
    with open(os.path.join(out, "ids.txt"), "w") as f:
        f.writelines(ident + "\n" for ident, _, _ in kept.values())
    with open(os.path.join(out, "files.txt"), "w") as f:
        f.writelines(sorted({file + "\n" for _, file, _ in kept.values()}))
    print(len(kept))


URLS_LUA = """local i = 0
request = function()
  i = i % #paths + 1
  return wrk.format("GET", paths[i])
end
done = function(summary, latency, requests)
  io.write(string.format("WRK %d %d %d %d %d\\n", summary.requests, summary.duration,
    latency:percentile(99), summary.errors.status, summary.errors.connect
      + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
"""

if __name__ == "__main__":
    main()
