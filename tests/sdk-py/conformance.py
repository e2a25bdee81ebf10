"""SDK conformance: the official Microsoft Graph Python SDK (msgraph-sdk, and
msgraph-beta-sdk for beta) pointed at `mdcontract serve`.

    python conformance.py http://127.0.0.1:PORT

Every call below is ordinary application code written against the SDK's
fluent request builders, for an operation documented on a page of the Graph
reference (the page is named in the call's docstring; ids and bodies come from
that page's own example). Each call asserts what the page documents: the call
succeeds (no exception), and the SDK deserialised the documented shape.

Prints one JSON object {name: {"ok", "area", "kinds", "page", "error"}} on
stdout and exits 1 when any call failed. Nothing leaves 127.0.0.1: the HTTP
transport refuses any other host (a redirect to a real Microsoft host fails the
call instead of being followed).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import sys
import traceback
from typing import Any, Awaitable, Callable, Optional

import httpx
from kiota_abstractions.api_error import APIError
from kiota_abstractions.authentication import (
    AccessTokenProvider,
    AllowedHostsValidator,
    BaseBearerTokenAuthenticationProvider,
)
from kiota_abstractions.base_request_configuration import RequestConfiguration
from kiota_abstractions.headers_collection import HeadersCollection
from kiota_abstractions.method import Method
from kiota_abstractions.request_information import RequestInformation
from msgraph import GraphRequestAdapter, GraphServiceClient
from msgraph.graph_request_adapter import options as v1_options
from msgraph_beta import GraphRequestAdapter as BetaGraphRequestAdapter
from msgraph_beta import GraphServiceClient as BetaGraphServiceClient
from msgraph_beta.graph_request_adapter import options as beta_options
from msgraph_core import GraphClientFactory
from msgraph_core.requests.batch_request_content import BatchRequestContent
from msgraph_core.requests.batch_request_item import BatchRequestItem

from msgraph.generated.models.application import Application
from msgraph.generated.models.body_type import BodyType
from msgraph.generated.models.chat_message import ChatMessage
from msgraph.generated.models.date_time_time_zone import DateTimeTimeZone
from msgraph.generated.models.drive_item import DriveItem
from msgraph.generated.models.email_address import EmailAddress
from msgraph.generated.models.event import Event
from msgraph.generated.models.folder import Folder
from msgraph.generated.models.group import Group
from msgraph.generated.models.inference_classification_type import InferenceClassificationType
from msgraph.generated.models.item_body import ItemBody
from msgraph.generated.models.location import Location
from msgraph.generated.models.message import Message
from msgraph.generated.models.o_data_errors.o_data_error import ODataError
from msgraph.generated.models.password_credential import PasswordCredential
from msgraph.generated.models.planner_assignments import PlannerAssignments
from msgraph.generated.models.planner_applied_categories import PlannerAppliedCategories
from msgraph.generated.models.planner_task import PlannerTask
from msgraph.generated.models.recipient import Recipient
from msgraph.generated.models.reference_create import ReferenceCreate
from msgraph.generated.models.subscription import Subscription
from msgraph.generated.models.user import User
from msgraph.generated.models.attendee import Attendee
from msgraph.generated.models.attendee_type import AttendeeType
from msgraph.generated.applications.item.add_password.add_password_post_request_body import (
    AddPasswordPostRequestBody,
)
from msgraph.generated.users.item.events.item.accept.accept_post_request_body import (
    AcceptPostRequestBody,
)
from msgraph.generated.users.item.messages.item.move.move_post_request_body import (
    MovePostRequestBody,
)
from msgraph.generated.users.item.send_mail.send_mail_post_request_body import (
    SendMailPostRequestBody,
)
from msgraph_beta.generated.device_management.managed_devices.item.wipe.wipe_post_request_body import (
    WipePostRequestBody,
)
from msgraph_beta.generated.models.managed_device import ManagedDevice as BetaManagedDevice

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

# ---------------------------------------------------------------- users


@call("users_me_select", "users", "v1.0/api/user-get.md", "query-option")
async def _(c: GraphServiceClient, b):
    """GET /me?$select=displayName,jobTitle,mail,id (the page shows $select on /users/{id} only)."""
    user = await get_selected(c.me, "displayName", "jobTitle", "mail", "id")
    entity(user, User, "id", "display_name")


@call("users_get_by_upn", "users", "v1.0/api/user-get.md", "entity")
async def _(c, b):
    """GET /users/{userPrincipalName}"""
    user = await c.users.by_user_id(USER_UPN).get()
    entity(user, User, "id", "user_principal_name")


@call("users_list_filter_orderby_count", "users", "v1.0/api/user-list.md", "query-option", "consistency-level")
async def _(c, b):
    """GET /users?$filter=endswith(mail,'a@contoso.com')&$orderby=userPrincipalName&$count=true
    with ConsistencyLevel: eventual, plus $select and $top which the example does not show."""
    r = await c.users.get(
        advanced(
            c.users,
            filter="endswith(mail,'a@contoso.com')",
            orderby=["userPrincipalName"],
            select=["id", "displayName", "mail"],
            top=10,
        )
    )
    collection(r, count=True)


@call("users_list_top", "users", "v1.0/api/user-list.md", "query-option")
async def _(c, b):
    """GET /users?$top=5&$select=id,displayName"""
    r = await c.users.get(config(c.users, top=5, select=["id", "displayName"]))
    collection(r, item_keys=("id",))


@call("users_update", "users", "v1.0/api/user-update.md", "no-content")
async def _(c, b):
    """PATCH /users/{id} {businessPhones, officeLocation} -> 204"""
    r = await c.users.by_user_id(USER_ID).patch(
        User(business_phones=["+1 425 555 0109"], office_location="18/2111")
    )
    no_content(r)


@call("users_delta_select", "users", "v1.0/api/user-delta.md", "function", "delta", "query-option")
async def _(c, b):
    """GET /users/delta()?$select=displayName,jobTitle,mobilePhone (SDK adds the parens)"""
    r = await get_selected(c.users.delta, "displayName", "jobTitle", "mobilePhone")
    collection(r)
    check(r.odata_next_link or r.odata_delta_link, "neither @odata.nextLink nor @odata.deltaLink")


@call("users_manager", "users", "v1.0/api/user-list-manager.md", "entity")
async def _(c, b):
    """GET /users/{id}/manager"""
    m = await c.users.by_user_id(USER_ID).manager.get()
    check(m is not None and m.id, f"manager without id: {m!r:.200}")


@call("users_me_expand_manager", "users", "v1.0/api/user-list-manager.md", "template-only", "query-option")
async def _(c, b):
    """GET /me?$expand=manager (listed in ## HTTP request; the page's example get_transitive_managers,
    GET /me?$expand=manager($levels=max;$select=id,displayName)&..., shows the expanded manager)"""
    user = await c.me.get(config(c.me, expand=["manager"]))
    entity(user, User, "id", "manager")


# ---------------------------------------------------------------- groups


@call("groups_get_select", "groups", "v1.0/api/group-get.md", "query-option")
async def _(c, b):
    """GET /groups/{id}?$select=id,displayName,description,groupTypes"""
    r = await get_selected(c.groups.by_group_id(GROUP_ID), "id", "displayName", "description", "groupTypes")
    check(r is not None and r.id and r.display_name, f"group: {r!r:.200}")


@call("groups_list_count_top", "groups", "v1.0/api/group-list.md", "query-option", "consistency-level")
async def _(c, b):
    """GET /groups?$filter=startswith(displayName, 'a')&$count=true&$top=1&$orderby=displayName
    + $select=id,displayName, ConsistencyLevel: eventual"""
    r = await c.groups.get(
        advanced(
            c.groups,
            filter="startswith(displayName, 'a')",
            top=1,
            orderby=["displayName"],
            select=["id", "displayName"],
        )
    )
    collection(r, count=True)


@call("groups_add_member_ref", "groups", "v1.0/api/group-post-members.md", "$ref", "no-content")
async def _(c, b):
    """POST /groups/{id}/members/$ref {"@odata.id": ".../directoryObjects/{id}"} -> 204"""
    r = await c.groups.by_group_id(GROUP_ID).members.ref.post(
        ReferenceCreate(odata_id=f"https://graph.microsoft.com/v1.0/directoryObjects/{USER_ID}")
    )
    no_content(r)


@call("groups_delta_select", "groups", "v1.0/api/group-delta.md", "function", "delta", "query-option")
async def _(c, b):
    """GET /groups/delta()?$select=displayName,description,mailNickname"""
    r = await get_selected(c.groups.delta, "displayName", "description", "mailNickname")
    collection(r)


@call("groups_members_top_select", "groups", "v1.0/api/group-list-members.md", "query-option")
async def _(c, b):
    """GET /groups/{id}/members?$top=10&$select=id,displayName"""
    m = c.groups.by_group_id(GROUP_ID).members
    r = await m.get(config(m, top=10, select=["id", "displayName"]))
    collection(r)


@call("groups_delete", "groups", "v1.0/api/group-delete.md", "no-content")
async def _(c, b):
    """DELETE /groups/{id} -> 204"""
    no_content(await c.groups.by_group_id(GROUP_ID).delete())


# ---------------------------------------------------------------- mail


def recipient(address: str) -> Recipient:
    return Recipient(email_address=EmailAddress(address=address))


def lunch_message() -> Message:
    """The message of the user-sendmail page's example (without its Cc)."""
    return Message(
        subject="Meet for lunch?",
        body=ItemBody(content_type=BodyType.Text, content="The new cafeteria is open."),
        to_recipients=[recipient("fannyd@contoso.onmicrosoft.com")],
    )


@call("mail_send_mail", "mail", "v1.0/api/user-sendmail.md", "action", "typed-body", "no-content")
async def _(c, b):
    """POST /me/sendMail with saveToSentItems as a JSON boolean (the page writes "false") -> 202"""
    message = lunch_message()
    message.cc_recipients = [recipient("danas@contoso.onmicrosoft.com")]
    body = SendMailPostRequestBody(message=message, save_to_sent_items=False)
    no_content(await c.me.send_mail.post(body))


@call("mail_send_mail_as_user", "mail", "v1.0/api/user-sendmail.md", "action", "template-only", "no-content")
async def _(c, b):
    """POST /users/{userPrincipalName}/sendMail (a form listed in ## HTTP request only)"""
    body = SendMailPostRequestBody(message=lunch_message())
    no_content(await c.users.by_user_id(USER_UPN).send_mail.post(body))


@call("mail_get_message", "mail", "v1.0/api/message-get.md", "entity")
async def _(c, b):
    """GET /me/messages/{id}"""
    entity(await c.me.messages.by_message_id(MESSAGE_ID).get(), Message, "id", "subject")


@call("mail_folder_messages_select_top_orderby", "mail", "v1.0/api/mailfolder-list-messages.md", "query-option")
async def _(c, b):
    """GET /me/mailFolders/{id}/messages?$select=subject,from,receivedDateTime&$top=5&$orderby=receivedDateTime desc"""
    m = c.me.mail_folders.by_mail_folder_id(MAIL_FOLDER_ID).messages
    r = await m.get(
        config(m, select=["subject", "from", "receivedDateTime"], top=5, orderby=["receivedDateTime desc"])
    )
    collection(r)


@call("mail_update_message", "mail", "v1.0/api/message-update.md", "typed-body")
async def _(c, b):
    """PATCH /me/messages/{id} -> 200 with the updated message"""
    r = await c.me.messages.by_message_id(MESSAGE_ID).patch(
        Message(
            subject="subject-value",
            body=ItemBody(content_type=BodyType.Text, content="content-value"),
            inference_classification=InferenceClassificationType.Other,
        )
    )
    entity(r, Message, "subject")


@call("mail_move_message", "mail", "v1.0/api/message-move.md", "action")
async def _(c, b):
    """POST /me/messages/{id}/move {destinationId: deleteditems} -> 201 message"""
    r = await c.me.messages.by_message_id("AAMkADhAAATs28OAAA=").move.post(
        MovePostRequestBody(destination_id="deleteditems")
    )
    entity(r, Message)


@call("mail_messages_delta", "mail", "v1.0/api/message-delta.md", "function", "delta")
async def _(c, b):
    """GET /me/mailFolders/{id}/messages/delta() with Prefer: odata.maxpagesize=2"""
    d = c.me.mail_folders.by_mail_folder_id(MAIL_FOLDER_ID).messages.delta
    r = await d.get(config(d, headers={"Prefer": "odata.maxpagesize=2"}))
    collection(r)


@call("mail_message_mime", "mail", "v1.0/api/message-get.md", "binary-response")
async def _(c, b):
    """GET /me/messages/{id}/$value -> the MIME content as bytes"""
    some_bytes(await c.me.messages.by_message_id("4aade2547798441eab5188a7a2436bc1").content.get(), b"Received:")


# ---------------------------------------------------------------- calendar


@call("calendar_events_select_orderby_top", "calendar", "v1.0/api/user-list-events.md", "query-option")
async def _(c, b):
    """GET /me/events?$select=subject,organizer,start,end&$orderby=start/dateTime&$top=5
    with Prefer: outlook.timezone="Pacific Standard Time" """
    e = c.me.events
    r = await e.get(
        config(
            e,
            headers={"Prefer": 'outlook.timezone="Pacific Standard Time"'},
            select=["subject", "organizer", "start", "end"],
            orderby=["start/dateTime"],
            top=5,
        )
    )
    collection(r)


@call("calendar_user_calendar_view", "calendar", "v1.0/api/user-list-calendarview.md", "template-only")
async def _(c, b):
    """GET /users/{id}/calendarView?startDateTime=...&endDateTime=... (template only)"""
    v = c.users.by_user_id(USER_ID).calendar_view
    r = await v.get(
        config(v, start_date_time="2020-01-01T19:00:00-08:00", end_date_time="2020-01-02T19:00:00-08:00")
    )
    collection(r)


@call("calendar_create_event", "calendar", "v1.0/api/user-post-events.md", "typed-body")
async def _(c, b):
    """POST /me/events (create_event_from_user's body) -> 201 event"""
    e = c.me.events
    ev = Event(
        subject="Let's go for lunch",
        body=ItemBody(content_type=BodyType.Html, content="Does noon work for you?"),
        start=DateTimeTimeZone(date_time="2017-04-15T12:00:00", time_zone="Pacific Standard Time"),
        end=DateTimeTimeZone(date_time="2017-04-15T14:00:00", time_zone="Pacific Standard Time"),
        location=Location(display_name="Harry's Bar"),
        attendees=[
            Attendee(
                email_address=EmailAddress(address="samanthab@contoso.onmicrosoft.com", name="Samantha Booth"),
                type=AttendeeType.Required,
            )
        ],
        allow_new_time_proposals=True,
        transaction_id="7E163156-7762-4BEB-A1C6-729EA81755A7",
    )
    r = await e.post(ev, config(e, "Post", headers={"Prefer": 'outlook.timezone="Pacific Standard Time"'}))
    entity(r, Event, "id", "subject")


@call("calendar_accept_event", "calendar", "v1.0/api/event-accept.md", "action", "typed-body", "no-content")
async def _(c, b):
    """POST /me/events/{id}/accept {comment, sendResponse: true} -> 202"""
    r = await c.me.events.by_event_id("AAMkAGI1AAAt9AHjAAA=").accept.post(
        AcceptPostRequestBody(comment="comment-value", send_response=True)
    )
    no_content(r)


@call("calendar_view_delta", "calendar", "v1.0/api/event-delta.md", "function", "delta")
async def _(c, b):
    """GET /me/calendarView/delta()?startDateTime=...&endDateTime=... with Prefer: odata.maxpagesize=2"""
    d = c.me.calendar_view.delta
    r = await d.get(
        config(
            d,
            headers={"Prefer": "odata.maxpagesize=2"},
            start_date_time="2016-12-01T00:00:00-08:00",
            end_date_time="2016-12-30T00:00:00-08:00",
        )
    )
    collection(r)


# ---------------------------------------------------------------- files / drive

from msgraph.generated.models.drive import Drive  # noqa: E402


@call("files_my_drive", "files", "v1.0/api/drive-get.md", "entity")
async def _(c, b):
    """GET /me/drive"""
    entity(await c.me.drive.get(), Drive, "id", "drive_type")


@call("files_root_children_select_top", "files", "v1.0/api/driveitem-list-children.md", "query-option")
async def _(c, b):
    """GET /drives/{drive-id}/items/root/children?$select=id,name,size&$top=20"""
    ch = c.drives.by_drive_id(DRIVE_ID).items.by_drive_item_id("root").children
    r = await ch.get(config(ch, select=["id", "name", "size"], top=20))
    collection(r)


@call("files_get_by_path", "files", "v1.0/api/driveitem-get.md", "path-addressing", "template-only")
async def _(c, b):
    """GET /me/drive/root:/Documents/Budget.xlsx (path addressing, via with_url)"""
    item = c.drives.by_drive_id(DRIVE_ID).items.by_drive_item_id("root")
    r = await item.with_url(f"{c.request_adapter.base_url}/me/drive/root:/Documents/Budget.xlsx").get()
    entity(r, DriveItem, "id")


@call("files_download_by_path", "files", "v1.0/api/driveitem-get-content.md",
      "path-addressing", "template-only", "binary-response")
async def _(c, b):
    """GET /me/drive/root:/Documents/Budget.xlsx:/content -> bytes (302 to the file in the docs)"""
    content = c.drives.by_drive_id(DRIVE_ID).items.by_drive_item_id("root").content
    r = await content.with_url(f"{c.request_adapter.base_url}/me/drive/root:/Documents/Budget.xlsx:/content").get()
    some_bytes(r)


@call("files_download_by_id", "files", "v1.0/api/driveitem-get-content.md", "template-only", "binary-response")
async def _(c, b):
    """GET /drives/{drive-id}/items/{item-id}/content -> bytes"""
    r = await c.drives.by_drive_id(DRIVE_ID).items.by_drive_item_id("01BYE5RZ6QN3ZWBTUFOFD3GSPGOHDJD36K").content.get()
    some_bytes(r)


@call("files_upload_small_by_path", "files", "v1.0/api/driveitem-get.md",
      "path-addressing", "non-json-body")
async def _(c, b):
    """PUT /me/drive/root:/FolderA/FileB.txt:/content, text/plain body -> 201/200 driveItem.
    No page of graph-docs-2021 documents uploads (driveitem-put-content.md is absent): this is the
    media stream (driveItem.content, Edm.Stream in the metadata) of the item driveitem-get
    documents at GET /me/drive/root:/{item-path}."""
    content = c.drives.by_drive_id(DRIVE_ID).items.by_drive_item_id("root").content
    url = f"{c.request_adapter.base_url}/me/drive/root:/FolderA/FileB.txt:/content"
    r = await content.with_url(url).put(b"The contents of the file goes here.", config(content, "Put", headers={"Content-Type": "text/plain"}))
    entity(r, DriveItem, "id")


@call("files_upload_by_parent_id", "files", "v1.0/api/driveitem-get.md",
      "path-addressing", "non-json-body")
async def _(c, b):
    """PUT /drives/{drive-id}/items/{parent-id}:/{filename}:/content through the SDK's items builder:
    the media stream of the item addressed by path under a parent (see files_upload_small_by_path)."""
    item = c.drives.by_drive_id(DRIVE_ID).items.by_drive_item_id("01BYE5RZ6QN3ZWBTUFOFD3GSPGOHDJD36K:/FileB.txt:")
    r = await item.content.put(b"The contents of the file goes here.")
    entity(r, DriveItem, "id")


@call("files_root_delta", "files", "v1.0/api/driveitem-delta.md", "function", "delta")
async def _(c, b):
    """GET /drives/{drive-id}/items/root/delta() (the SDK's form of /drives/{drive-id}/root/delta)"""
    r = await c.drives.by_drive_id(DRIVE_ID).items.by_drive_item_id("root").delta.get()
    collection(r)


@call("files_create_folder", "files", "v1.0/api/driveitem-post-children.md", "typed-body")
async def _(c, b):
    """POST /drives/{drive-id}/items/root/children {name, folder, conflictBehavior} -> 201"""
    ch = c.drives.by_drive_id(DRIVE_ID).items.by_drive_item_id("root").children
    r = await ch.post(
        DriveItem(name="New Folder", folder=Folder(), additional_data={"@microsoft.graph.conflictBehavior": "rename"})
    )
    entity(r, DriveItem, "id", "name")


@call("files_delete_if_match", "files", "v1.0/api/driveitem-delete.md", "if-match", "template-only", "no-content")
async def _(c, b):
    """DELETE /drives/{drive-id}/items/{item-id} with If-Match: {etag} -> 204"""
    item = c.drives.by_drive_id(DRIVE_ID).items.by_drive_item_id("01BYE5RZ6QN3ZWBTUFOFD3GSPGOHDJD36K")
    r = await item.delete(config(item, "Delete", headers={"If-Match": '"{1C5DF6F4-B3C8-4B0A-9A6B-3A3C6C2D0A4B},1"'}))
    no_content(r)


# ---------------------------------------------------------------- teams

from msgraph.generated.models.team import Team  # noqa: E402


@call("teams_get", "teams", "v1.0/api/team-get.md", "entity")
async def _(c, b):
    """GET /teams/{id} (the documented team has no id: check its settings)"""
    entity(await c.teams.by_team_id(TEAM_ID).get(), Team, "member_settings", "messaging_settings")


@call("teams_channels_filter_select", "teams", "v1.0/api/channel-list.md", "query-option")
async def _(c, b):
    """GET /teams/{id}/channels?$filter=membershipType eq 'private'&$select=id,displayName"""
    ch = c.teams.by_team_id("64c323f2-226a-4e64-8ba4-3e6e3f7b9330").channels
    r = await ch.get(config(ch, filter="membershipType eq 'private'", select=["id", "displayName"]))
    collection(r)


@call("teams_post_channel_message", "teams", "v1.0/api/channel-post-messages.md", "typed-body")
async def _(c, b):
    """POST /teams/{id}/channels/{channel-id}/messages {body: {content}} -> 201 chatMessage"""
    msgs = c.teams.by_team_id("fbe2bf47-16c8-47cf-b4a5-4b9b187c508b").channels.by_channel_id(
        "19:4a95f7d8db4c4e7fae857bcebe0623e6@thread.tacv2"
    ).messages
    r = await msgs.post(ChatMessage(body=ItemBody(content="Hello World")))
    entity(r, ChatMessage)


@call("teams_user_joined_teams", "teams", "v1.0/api/user-list-joinedteams.md", "template-only")
async def _(c, b):
    """GET /users/{id}/joinedTeams (template only; the example is /me/joinedTeams)"""
    collection(await c.users.by_user_id(USER_ID).joined_teams.get(), item_keys=("id",))


# ---------------------------------------------------------------- planner


@call("planner_get_task", "planner", "v1.0/api/plannertask-get.md", "entity")
async def _(c, b):
    """GET /planner/tasks/{id}"""
    entity(await c.planner.tasks.by_planner_task_id(TASK_ID).get(), PlannerTask, "id", "title")


@call("planner_update_task_if_match", "planner", "v1.0/api/plannertask-update.md", "if-match", "typed-body")
async def _(c, b):
    """PATCH /planner/tasks/{id} with If-Match and Prefer: return=representation -> 200 task"""
    t = c.planner.tasks.by_planner_task_id(TASK_ID)
    body = PlannerTask(
        assignments=PlannerAssignments(
            additional_data={
                ASSIGNEE: {"@odata.type": "#microsoft.graph.plannerAssignment", "orderHint": "N9917 U2883!"}
            }
        ),
        applied_categories=PlannerAppliedCategories(additional_data={"category3": True, "category4": False}),
    )
    r = await t.patch(body, config(t, "Patch", headers={"If-Match": TASK_ETAG, "Prefer": "return=representation"}))
    entity(r, PlannerTask, "id")


@call("planner_create_task", "planner", "v1.0/api/planner-post-tasks.md", "typed-body")
async def _(c, b):
    """POST /planner/tasks -> 201 task"""
    r = await c.planner.tasks.post(
        PlannerTask(
            plan_id=PLAN_ID,
            bucket_id=BUCKET_ID,
            title="Update client list",
            assignments=PlannerAssignments(
                additional_data={ASSIGNEE: {"@odata.type": "#microsoft.graph.plannerAssignment", "orderHint": " !"}}
            ),
        )
    )
    entity(r, PlannerTask, "id", "plan_id")


@call("planner_delete_task_if_match", "planner", "v1.0/api/plannertask-delete.md", "if-match", "no-content")
async def _(c, b):
    """DELETE /planner/tasks/{id} with If-Match -> 204"""
    t = c.planner.tasks.by_planner_task_id(TASK_ID)
    no_content(await t.delete(config(t, "Delete", headers={"If-Match": TASK_ETAG})))


@call("planner_plan_tasks", "planner", "v1.0/api/plannerplan-list-tasks.md", "collection")
async def _(c, b):
    """GET /planner/plans/{id}/tasks"""
    collection(await c.planner.plans.by_planner_plan_id(PLAN_ID).tasks.get(), item_keys=("id",))


# ---------------------------------------------------------------- sites

from msgraph.generated.models.site import Site  # noqa: E402


@call("sites_get", "sites", "v1.0/api/site-get.md", "entity")
async def _(c, b):
    """GET /sites/{site-id}"""
    entity(await c.sites.by_site_id(SITE_ID).get(), Site, "id", "display_name")


@call("sites_search", "sites", "v1.0/api/site-search.md", "query-option")
async def _(c, b):
    """GET /sites?search={query}: the SDK's query parameter `search` (sent as $search)"""
    r = await c.sites.get(config(c.sites, search="contoso"))
    collection(r)


@call("sites_lists_select", "sites", "v1.0/api/list-list.md", "query-option")
async def _(c, b):
    """GET /sites/{site-id}/lists?$select=id,name,displayName"""
    r = await get_selected(c.sites.by_site_id(SITE_ID).lists, "id", "name", "displayName")
    collection(r)


@call("sites_list_items_expand_fields", "sites", "v1.0/api/listitem-list.md", "query-option")
async def _(c, b):
    """GET /sites/{site-id}/lists/{list-id}/items?$expand=fields($select=Name,Color,Quantity)
    (the page writes expand=fields(select=...) without the $)"""
    items = c.sites.by_site_id(SITE_ID).lists.by_list_id(LIST_ID).items
    r = await items.get(config(items, expand=["fields($select=Name,Color,Quantity)"]))
    collection(r, item_keys=("id",))


# ---------------------------------------------------------------- subscriptions


@call("subscriptions_create", "subscriptions", "v1.0/api/subscription-post-subscriptions.md", "typed-body")
async def _(c, b):
    """POST /subscriptions -> 201 subscription"""
    r = await c.subscriptions.post(
        Subscription(
            change_type="created",
            notification_url="https://webhook.azurewebsites.net/api/send/myNotifyClient",
            resource="me/mailFolders('Inbox')/messages",
            expiration_date_time=dt.datetime(2016, 11, 20, 18, 23, 45, 935691, tzinfo=dt.timezone.utc),
            client_state="secretClientValue",
            latest_supported_tls_version="v1_2",
        )
    )
    entity(r, Subscription, "id", "resource")


@call("subscriptions_list", "subscriptions", "v1.0/api/subscription-list.md", "collection")
async def _(c, b):
    """GET /subscriptions"""
    collection(await c.subscriptions.get())


@call("subscriptions_update", "subscriptions", "v1.0/api/subscription-update.md", "typed-body")
async def _(c, b):
    """PATCH /subscriptions/{id} {expirationDateTime} -> 200 subscription"""
    r = await c.subscriptions.by_subscription_id(SUBSCRIPTION_ID).patch(
        Subscription(expiration_date_time=dt.datetime(2016, 11, 22, 18, 23, 45, 935691, tzinfo=dt.timezone.utc))
    )
    entity(r, Subscription, "id", "expiration_date_time")


@call("subscriptions_delete", "subscriptions", "v1.0/api/subscription-delete.md", "no-content")
async def _(c, b):
    """DELETE /subscriptions/{id} -> 204"""
    no_content(await c.subscriptions.by_subscription_id(SUBSCRIPTION_ID).delete())


# ---------------------------------------------------------------- applications / directory

from msgraph.generated.models.directory_object import DirectoryObject  # noqa: E402


@call("apps_create_application", "applications", "v1.0/api/application-post-applications.md", "typed-body")
async def _(c, b):
    """POST /applications {displayName} -> 201 application"""
    entity(await c.applications.post(Application(display_name="Display name")), Application, "id", "app_id")


@call("apps_add_password", "applications", "v1.0/api/application-addpassword.md", "action", "typed-body")
async def _(c, b):
    """POST /applications/{id}/addPassword -> 200 passwordCredential"""
    r = await c.applications.by_application_id("00af5dfb-85da-4b41-a677-0c6b86dd34f8").add_password.post(
        AddPasswordPostRequestBody(password_credential=PasswordCredential(display_name="Password friendly name"))
    )
    check(isinstance(r, PasswordCredential) and r.key_id and r.secret_text, f"passwordCredential: {r!r:.300}")


@call("directory_service_principals_count", "directory", "v1.0/api/serviceprincipal-list.md",
      "query-option", "consistency-level")
async def _(c, b):
    """GET /servicePrincipals?$filter=startswith(displayName, 'a')&$count=true&$top=1&$orderby=displayName
    + $select=id,appId,displayName"""
    sp = c.service_principals
    r = await sp.get(
        advanced(
            sp,
            filter="startswith(displayName, 'a')",
            top=1,
            orderby=["displayName"],
            select=["id", "appId", "displayName"],
        )
    )
    collection(r, count=True)


@call("directory_roles_select", "directory", "v1.0/api/directoryrole-list.md", "query-option")
async def _(c, b):
    """GET /directoryRoles?$select=id,displayName,roleTemplateId"""
    r = await c.directory_roles.get(config(c.directory_roles, select=["id", "displayName", "roleTemplateId"]))
    collection(r)


@call("directory_object_get", "directory", "v1.0/api/directoryobject-get.md", "entity")
async def _(c, b):
    """GET /directoryObjects/{id}"""
    entity(await c.directory_objects.by_directory_object_id(USER_ID).get(), DirectoryObject, "id")


# ---------------------------------------------------------------- reports / audit logs


@call("reports_signins_filter_top", "reports", "v1.0/api/signin-list.md", "query-option")
async def _(c, b):
    """GET /auditLogs/signIns?$filter=startsWith(appDisplayName,'Graph')&$top=10
    (the page's example writes `?&$filter=...&top=10`)"""
    s = c.audit_logs.sign_ins
    r = await s.get(config(s, filter="startsWith(appDisplayName,'Graph')", top=10))
    collection(r)


@call("reports_directory_audits_top", "reports", "v1.0/api/directoryaudit-list.md", "query-option")
async def _(c, b):
    """GET /auditLogs/directoryAudits?$top=5&$orderby=activityDateTime desc"""
    a = c.audit_logs.directory_audits
    r = await a.get(config(a, top=5, orderby=["activityDateTime desc"]))
    collection(r)


@call("reports_office365_active_user_counts", "reports", "v1.0/api/reportroot-getoffice365activeusercounts.md",
      "function", "binary-response", "template-only")
async def _(c, b):
    """GET /reports/getOffice365ActiveUserCounts(period='D7') -> the report's bytes.

    The page marks its example `ignored` (a 302 to a CSV on another host), so
    the stub answers from the metadata: the function returns a `report`, whose
    only property is its `content` stream. The documented guarantee is a file,
    not JSON; the CSV header appears only in the page's prose."""
    csv = await c.reports.get_office365_active_user_counts_with_period("D7").get()
    some_bytes(csv)


# ---------------------------------------------------------------- Intune / deviceManagement

from msgraph.generated.models.managed_device import ManagedDevice  # noqa: E402


@call("intune_list_managed_devices_filter", "intune", "v1.0/api/intune-devices-manageddevice-list.md",
      "template-only", "query-option")
async def _(c, b):
    """GET /deviceManagement/managedDevices?$filter=operatingSystem eq 'Windows'&$select=id,deviceName&$top=10
    (line 34 of the page's ## HTTP Request block; its example is GET /users/{usersId}/managedDevices)"""
    md = c.device_management.managed_devices
    r = await md.get(config(md, filter="operatingSystem eq 'Windows'", select=["id", "deviceName"], top=10))
    collection(r)


@call("intune_beta_get_managed_device", "intune", "beta/api/intune-devices-manageddevice-get.md", "entity", "beta")
async def _(c, b):
    """GET beta /deviceManagement/managedDevices/{id}"""
    entity(await b.device_management.managed_devices.by_managed_device_id(DEVICE_ID).get(), BetaManagedDevice, "id")


@call("intune_beta_update_managed_device", "intune", "beta/api/intune-devices-manageddevice-update.md",
      "typed-body", "beta")
async def _(c, b):
    """PATCH beta /deviceManagement/managedDevices/{id} with the properties an app changes -> 200"""
    r = await b.device_management.managed_devices.by_managed_device_id(DEVICE_ID).patch(
        BetaManagedDevice(odata_type="#microsoft.graph.managedDevice", device_name="Device Name value", notes="Notes value")
    )
    entity(r, BetaManagedDevice, "id")


@call("intune_beta_sync_device", "intune", "beta/api/intune-devices-manageddevice-syncdevice.md",
      "action", "no-content", "beta")
async def _(c, b):
    """POST beta /deviceManagement/managedDevices/{id}/syncDevice -> 204"""
    no_content(await b.device_management.managed_devices.by_managed_device_id(DEVICE_ID).sync_device.post())


@call("intune_beta_wipe", "intune", "beta/api/intune-devices-manageddevice-wipe.md", "action", "typed-body",
      "no-content", "beta")
async def _(c, b):
    """POST beta /deviceManagement/managedDevices/{id}/wipe with boolean options -> 204"""
    body = WipePostRequestBody(
        keep_enrollment_data=True,
        keep_user_data=True,
        mac_os_unlock_code="Mac Os Unlock Code value",
        persist_esim_data_plan=True,
        use_protected_wipe=True,
    )
    no_content(await b.device_management.managed_devices.by_managed_device_id(DEVICE_ID).wipe.post(body))


# ---------------------------------------------------------------- $batch


def lunch_event() -> Event:
    """create_event_from_user's event (user-post-events)."""
    return Event(
        subject="Let's go for lunch",
        body=ItemBody(content_type=BodyType.Html, content="Does noon work for you?"),
        start=DateTimeTimeZone(date_time="2017-04-15T12:00:00", time_zone="Pacific Standard Time"),
        end=DateTimeTimeZone(date_time="2017-04-15T14:00:00", time_zone="Pacific Standard Time"),
        location=Location(display_name="Harry's Bar"),
    )


@call("batch_sdk", "batch", "graph-concepts-2021/json-batching.md", "$batch")
async def _(c, b):
    """POST /$batch through msgraph-core's BatchRequestContent (GET /users/{id}, GET /groups/{id},
    POST /me/events) -> one response per id, with its status and headers.

    That is all msgraph-core 1.5.2 reads of a batch response as Graph sends it. Graph returns a
    JSON response's `body` as a JSON object (json-batching.md, "Response format"); BatchResponseItem
    reads `body` with JsonParseNode.get_bytes_value(), which takes only a (base64) string and gives
    None for an object (microsoft/kiota-python#737), so get_response_by_id(id, User) raises
    "Unable to deserialize batch response". And BatchRequestItem writes `depends_on`, which Graph
    does not read (microsoftgraph/msgraph-sdk-python-core#996, open). An app that needs the bodies
    or sequencing sends the documented JSON through the request adapter: batch_adapter_depends_on."""
    items = {
        "1": BatchRequestItem(c.users.by_user_id(USER_ID).to_get_request_information(), id="1"),
        "2": BatchRequestItem(c.groups.by_group_id(GROUP_ID).to_get_request_information(), id="2"),
        "3": BatchRequestItem(c.me.events.to_post_request_information(lunch_event()), id="3"),
    }
    resp = await c.batch.post(BatchRequestContent(items), error_map={"XXX": ODataError})
    statuses = resp.get_response_status_codes()
    check(statuses == {"1": 200, "2": 200, "3": 201}, f"batch statuses {statuses}")
    for k in items:
        ct = resp.get_response_by_id(k).content_type or ""
        check(ct.startswith("application/json"), f"response {k}: Content-Type {ct!r}")


@call("batch_adapter_depends_on", "batch", "graph-concepts-2021/json-batching.md", "$batch", "depends-on")
async def _(c, b):
    """POST /$batch sent through the request adapter with the documented JSON batch shape
    (relative URLs, `dependsOn`): what an app writes when it needs sequencing, since the SDK's
    BatchRequestContent does not send `dependsOn`."""
    batch = {
        "requests": [
            {"id": "1", "method": "GET", "url": f"/users/{USER_ID}"},
            {"id": "2", "method": "GET", "url": f"/groups/{GROUP_ID}", "dependsOn": ["1"]},
            {
                "id": "3",
                "method": "POST",
                "url": "/me/events",
                "dependsOn": ["2"],
                "headers": {"Content-Type": "application/json"},
                "body": {
                    "subject": "Let's go for lunch",
                    "body": {"contentType": "HTML", "content": "Does noon work for you?"},
                    "start": {"dateTime": "2017-04-15T12:00:00", "timeZone": "Pacific Standard Time"},
                    "end": {"dateTime": "2017-04-15T14:00:00", "timeZone": "Pacific Standard Time"},
                    "location": {"displayName": "Harry's Bar"},
                },
            },
        ]
    }
    ri = RequestInformation(Method.POST, "{+baseurl}/$batch", {"baseurl": c.request_adapter.base_url})
    ri.headers.try_add("Accept", "application/json")
    ri.set_stream_content(json.dumps(batch).encode(), "application/json")
    raw = await c.request_adapter.send_primitive_async(ri, "bytes", {"XXX": ODataError})
    check(raw, "empty $batch response")
    doc = json.loads(raw)
    got = {r.get("id"): r for r in doc.get("responses", [])}
    statuses = {k: v.get("status") for k, v in got.items()}
    check(statuses == {"1": 200, "2": 200, "3": 201}, f"batch statuses {statuses}")
    for k in ("1", "2", "3"):
        check(isinstance(got[k].get("body"), dict) and got[k]["body"].get("id"), f"response {k} without id: {got[k]!r:.200}")


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
