"""Calls of the users, groups, mail and calendar pages.

Each call registers itself with `call` on import; conformance.py runs them.
"""

from __future__ import annotations

from msgraph import GraphServiceClient
from msgraph.generated.models.attendee import Attendee
from msgraph.generated.models.attendee_type import AttendeeType
from msgraph.generated.models.body_type import BodyType
from msgraph.generated.models.date_time_time_zone import DateTimeTimeZone
from msgraph.generated.models.email_address import EmailAddress
from msgraph.generated.models.event import Event
from msgraph.generated.models.inference_classification_type import InferenceClassificationType
from msgraph.generated.models.item_body import ItemBody
from msgraph.generated.models.location import Location
from msgraph.generated.models.message import Message
from msgraph.generated.models.recipient import Recipient
from msgraph.generated.models.reference_create import ReferenceCreate
from msgraph.generated.models.user import User
from msgraph.generated.users.item.events.item.accept.accept_post_request_body import (
    AcceptPostRequestBody,
)
from msgraph.generated.users.item.messages.item.move.move_post_request_body import (
    MovePostRequestBody,
)
from msgraph.generated.users.item.send_mail.send_mail_post_request_body import (
    SendMailPostRequestBody,
)

from graph_app import GROUP_ID, MAIL_FOLDER_ID, MESSAGE_ID, USER_ID, USER_UPN
from graph_app import advanced, call, check, collection, config, entity, get_selected, no_content
from graph_app import some_bytes

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
