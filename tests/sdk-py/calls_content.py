"""Calls of the files, Teams, Planner, sites and subscriptions pages.

Each call registers itself with `call` on import; conformance.py runs them.
"""

from __future__ import annotations

import datetime as dt
from msgraph.generated.models.chat_message import ChatMessage
from msgraph.generated.models.drive_item import DriveItem
from msgraph.generated.models.folder import Folder
from msgraph.generated.models.item_body import ItemBody
from msgraph.generated.models.planner_applied_categories import PlannerAppliedCategories
from msgraph.generated.models.planner_assignments import PlannerAssignments
from msgraph.generated.models.planner_task import PlannerTask
from msgraph.generated.models.subscription import Subscription

from graph_app import ASSIGNEE, BUCKET_ID, DRIVE_ID, LIST_ID, PLAN_ID, SITE_ID, SUBSCRIPTION_ID
from graph_app import TASK_ETAG, TASK_ID, TEAM_ID, USER_ID
from graph_app import call, collection, config, entity, get_selected, no_content, some_bytes

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
