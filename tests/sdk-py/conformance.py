"""SDK conformance: the official Microsoft Graph Python SDK (msgraph-sdk, and
msgraph-beta-sdk for beta) pointed at `mdcontract serve`.

    python conformance.py http://127.0.0.1:PORT

Every call (calls_*.py) is ordinary application code written against the SDK's
fluent request builders, for an operation documented on a page of the Graph
reference (the page is named in the call's docstring; ids and bodies come from
that page's own example). Each call asserts what the page documents: the call
succeeds (no exception), and the SDK deserialised the documented shape.

Prints one JSON object {name: {"ok", "area", "kinds", "page", "error"}} on
stdout and exits 1 when any call failed. The calls are in calls_people.py,
calls_content.py and calls_admin.py, their plumbing in graph_app.py. Nothing
leaves 127.0.0.1: the HTTP transport refuses any other host (a redirect to a
real Microsoft host fails the call instead of being followed).
"""

from __future__ import annotations

import asyncio
import json
import sys
import traceback
from kiota_abstractions.api_error import APIError

from graph_app import CALLS, Check, SENT, make_clients

# The calls, registered on import, in this order.
import calls_people  # noqa: F401
import calls_content  # noqa: F401
import calls_admin  # noqa: F401

# ---------------------------------------------------------------- runner


def describe(e: BaseException) -> str:
    err = getattr(e, "error", None)  # ODataError of msgraph or of msgraph_beta
    if isinstance(e, APIError) and err is not None:
        return f"HTTP {e.response_status_code} {err.code}: {err.message}"
    if isinstance(e, APIError):
        return f"HTTP {e.response_status_code}: {e.message}"
    if isinstance(e, Check):
        return f"assertion: {e}"
    tb = traceback.extract_tb(e.__traceback__)
    where = f" at {tb[-1].filename.split('site-packages/')[-1]}:{tb[-1].lineno}" if tb else ""
    return f"{type(e).__name__}: {e}{where}"


async def main(base: str) -> int:
    client, beta = make_clients(base.rstrip("/"))
    results: dict[str, dict] = {}
    for name, area, kinds, page, fn in CALLS:
        start = len(SENT)
        try:
            await fn(client, beta)
            results[name] = {"ok": True, "area": area, "kinds": kinds, "page": page}
        except BaseException as e:  # noqa: BLE001 - every failure is reported
            if isinstance(e, (KeyboardInterrupt, SystemExit)):
                raise
            results[name] = {
                "ok": False,
                "area": area,
                "kinds": kinds,
                "page": page,
                "error": describe(e),
                "sent": SENT[start:],
            }
    print(json.dumps(results, indent=1))
    failed = [n for n, r in results.items() if not r["ok"]]
    print(
        f"{len(results)} calls, {len(results) - len(failed)} passed, {len(failed)} failed"
        f" across {len({r['area'] for r in results.values()})} areas",
        file=sys.stderr,
    )
    return 1 if failed else 0


if __name__ == "__main__":
    if len(sys.argv) != 2 or not sys.argv[1].startswith("http://127.0.0.1:"):
        sys.exit("usage: conformance.py http://127.0.0.1:PORT")
    sys.exit(asyncio.run(main(sys.argv[1])))
