"""The plumbing of the Python SDK conformance calls: an HTTP transport that
stays on 127.0.0.1 and notes each request, the clients, request
configurations, the checks of what the SDK returned, the registry of calls
and the ids of the pages' examples."""

from __future__ import annotations

import httpx
import json
from kiota_abstractions.authentication import (
    AccessTokenProvider,
    AllowedHostsValidator,
    BaseBearerTokenAuthenticationProvider,
)
from kiota_abstractions.base_request_configuration import RequestConfiguration
from msgraph import GraphRequestAdapter, GraphServiceClient
from msgraph.graph_request_adapter import options as v1_options
from msgraph_beta import (
    GraphRequestAdapter as BetaGraphRequestAdapter,
    GraphServiceClient as BetaGraphServiceClient,
)
from msgraph_beta.graph_request_adapter import options as beta_options
from msgraph_core import GraphClientFactory
from typing import Any, Awaitable, Callable, Optional

# ---------------------------------------------------------------- plumbing

SENT: list[str] = []  # one line per HTTP request, for the failure report


class LocalOnlyTransport(httpx.AsyncHTTPTransport):
    """The innermost transport: refuses every host but 127.0.0.1, and notes
    each request (method, URL, notable headers, body excerpt)."""

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        notable = {
            k: v
            for k, v in request.headers.items()
            if k.lower()
            in ("content-type", "if-match", "consistencylevel", "prefer", "range")
        }
        # A request the RedirectHandler rebuilt for a Location is created from the previous
        # request's stream (httpx.Request(stream=...)), and httpx raises RequestNotRead on
        # `.content` for such a request: only note a body that has been read.
        try:
            body = request.content[:400]
        except httpx.RequestNotRead:
            body = b""
        SENT.append(
            f"{request.method} {request.url} {json.dumps(notable) if notable else ''}"
            f"{' body=' + body.decode('utf-8', 'replace') if body else ''}".strip()
        )
        if request.url.host != "127.0.0.1":
            raise RuntimeError(f"refused to send {request.method} {request.url}: not 127.0.0.1")
        return await super().handle_async_request(request)


class DummyTokenProvider(AccessTokenProvider):
    def __init__(self) -> None:
        self._hosts = AllowedHostsValidator(["127.0.0.1"])

    async def get_authorization_token(self, uri: str, additional_authentication_context=None) -> str:
        return "dummy-token"

    def get_allowed_hosts_validator(self) -> AllowedHostsValidator:
        return self._hosts


def make_clients(base: str) -> tuple[GraphServiceClient, BetaGraphServiceClient]:
    auth = BaseBearerTokenAuthenticationProvider(DummyTokenProvider())

    def http(opts: dict) -> httpx.AsyncClient:
        client = httpx.AsyncClient(transport=LocalOnlyTransport(), timeout=30.0)
        return GraphClientFactory.create_with_default_middleware(client=client, options=opts)

    v1_adapter = GraphRequestAdapter(auth, client=http(v1_options))
    v1_adapter.base_url = f"{base}/v1.0"
    beta_adapter = BetaGraphRequestAdapter(auth, client=http(beta_options))
    beta_adapter.base_url = f"{base}/beta"
    return (
        GraphServiceClient(request_adapter=v1_adapter),
        BetaGraphServiceClient(request_adapter=beta_adapter),
    )


def config(builder: Any, method: str = "Get", headers: Optional[dict] = None, **query: Any):
    """A RequestConfiguration for `builder`'s `method`, with the builder's own
    generated query-parameter class (e.g. UsersRequestBuilderGetQueryParameters)."""
    rc: RequestConfiguration = RequestConfiguration()
    if query:
        name = type(builder).__name__
        cls = getattr(type(builder), f"{name}{method}QueryParameters")
        rc.query_parameters = cls(**query)
    for k, v in (headers or {}).items():
        rc.headers.add(k, v)
    return rc


def advanced(builder: Any, **query: Any):
    """The configuration of an advanced directory query as Graph requires it:
    $count=true with ConsistencyLevel: eventual, and `query`."""
    return config(builder, headers={"ConsistencyLevel": "eventual"}, count=True, **query)


async def get_selected(builder: Any, *fields: str):
    """GET through `builder` with $select=`fields`."""
    return await builder.get(config(builder, select=list(fields)))


class Check(AssertionError):
    pass


def check(cond: Any, what: str) -> None:
    if not cond:
        raise Check(what)


def entity(obj: Any, cls: type, *keys: str) -> None:
    """A deserialised entity of `cls` with each of `keys` set (default: id)."""
    check(isinstance(obj, cls), f"expected a {cls.__name__}, got {type(obj).__name__}: {obj!r:.200}")
    for k in keys or ("id",):
        check(getattr(obj, k, None) not in (None, "", []), f"{cls.__name__}.{k} is empty: {obj!r:.300}")


def collection(obj: Any, *, count: bool = False, item_keys: tuple = ()) -> None:
    """A collection response whose `value` is a list (with @odata.count when asked)."""
    check(obj is not None, "no collection response")
    check(isinstance(getattr(obj, "value", None), list), f"value is not a list: {obj!r:.300}")
    if count:
        check(obj.odata_count is not None, f"@odata.count missing: {obj!r:.300}")
    for k in item_keys:
        check(obj.value, "value is empty")
        check(getattr(obj.value[0], k, None) is not None, f"value[0].{k} is empty: {obj.value[0]!r:.300}")


def no_content(obj: Any) -> None:
    check(obj is None, f"expected no content, got {obj!r:.200}")


def some_bytes(obj: Any, starts: Optional[bytes] = None) -> None:
    """Non-empty bytes that are not a JSON document (and start with `starts`, when the page
    documents what the file begins with)."""
    check(isinstance(obj, (bytes, bytearray)) and len(obj) > 0, f"expected non-empty bytes, got {obj!r:.200}")
    head = bytes(obj).lstrip()
    check(not head.startswith((b"{", b"[")), f"expected file content, got a JSON document: {head[:200]!r}")
    if starts is not None:
        check(head.startswith(starts), f"expected content starting {starts!r}, got {head[:120]!r}")


CALLS: list[tuple[str, str, list[str], str, Callable[..., Awaitable[None]]]] = []


def call(name: str, area: str, page: str, *kinds: str):
    def register(fn):
        CALLS.append((name, area, list(kinds), page, fn))
        return fn

    return register


# Ids from the pages' own examples.
USER_ID = "87d349ed-44d7-43e1-9a83-5f2406dee5bd"  # user-get
USER_UPN = "AdeleV@contoso.onmicrosoft.com"  # user-get
GROUP_ID = "b320ee12-b1cd-4cca-b648-a437be61c5cd"  # group-get
DRIVE_ID = "b!t18F8ybsHUq1z3LTz8xvZqP8zaSWjkFNhsME-Fepo75dTf9vQKfeRblBZjoSQrd7"  # drive-get
SITE_ID = "contoso.sharepoint.com,2C712604-1370-44E7-A1F5-426573FDA80A,2D2244C3-251A-49EA-93A8-39E1C3A060FE"  # site-get
LIST_ID = "b57af081-936c-4803-a120-d94887b03864"  # list-list
TEAM_ID = "893075dd-2487-4122-925f-022c42e20265"  # team-get, channel-list
PLAN_ID = "xqQg5FS2LkCp935s-FIFm2QAFkHM"  # planner-post-tasks
BUCKET_ID = "hsOf2dhOJkqyYYZEtdzDe2QAIUCR"  # planner-post-tasks
TASK_ID = "01gzSlKkIUSUl6DF_EilrmQAKDhh"  # plannerplan-list-tasks
TASK_ETAG = 'W/"JzEtVGFzayAgQEBAQEBAQEBAQEBAQEBAWCc="'  # plannertask-update, plannertask-delete
ASSIGNEE = "fbab97d0-4932-4511-b675-204639209557"  # plannertask-update
MESSAGE_ID = "AAMkADhMGAAA="  # message-get
MAIL_FOLDER_ID = "AAMkAGVmMDEzM"  # mailfolder-get
SUBSCRIPTION_ID = "7f105c7d-2dc5-4530-97cd-4e7ae6534c07"  # subscription-delete
DEVICE_ID = "705c034c-034c-705c-4c03-5c704c035c70"  # an Intune managedDeviceId
