"""Calls of the directory, reports and Intune pages, and $batch.

Each call registers itself with `call` on import; conformance.py runs them.
"""

from __future__ import annotations

import json
from kiota_abstractions.method import Method
from kiota_abstractions.request_information import RequestInformation
from msgraph.generated.applications.item.add_password.add_password_post_request_body import (
    AddPasswordPostRequestBody,
)
from msgraph.generated.models.application import Application
from msgraph.generated.models.body_type import BodyType
from msgraph.generated.models.date_time_time_zone import DateTimeTimeZone
from msgraph.generated.models.event import Event
from msgraph.generated.models.item_body import ItemBody
from msgraph.generated.models.location import Location
from msgraph.generated.models.o_data_errors.o_data_error import ODataError
from msgraph.generated.models.password_credential import PasswordCredential
from msgraph_beta.generated.device_management.managed_devices.item.wipe.wipe_post_request_body import (
    WipePostRequestBody,
)
from msgraph_beta.generated.models.managed_device import ManagedDevice as BetaManagedDevice
from msgraph_core.requests.batch_request_content import BatchRequestContent
from msgraph_core.requests.batch_request_item import BatchRequestItem

from graph_app import DEVICE_ID, GROUP_ID, USER_ID
from graph_app import advanced, call, check, collection, config, entity, no_content, some_bytes

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
