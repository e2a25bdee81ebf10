// Drives the official Microsoft Graph JavaScript SDK against `mdcontract serve`
// over the real Graph reference corpus (graph-docs-2021, v1.0 and beta).
//
// Usage: node corpus.mjs BASE_URL
//
// Every call below is written as application code: the SDK's fluent API
// builds the URL, encodes the query, sets the headers and parses the reply.
// Each call is a documented operation of a corpus page (named beside it),
// with the ids and bodies of that page's own example, but written the way an
// application writes it: OData query options the example does not show, URL
// forms listed only in the page's `## HTTP request` block, path addressing,
// typed bodies, non-JSON uploads, downloads as bytes, `$batch` with
// dependsOn. Each call asserts the documented status and the documented
// shape of what the SDK returned.
//
// Prints one JSON object: call name → {ok, area, kinds, status, request,
// error}, and exits 1 when any call failed. tests/sdk_js_corpus.rs runs it.
//
// Only loopback traffic: every fetch the SDK makes (redirects included) is
// refused unless it goes to 127.0.0.1 / localhost (see harness.mjs, which
// also holds the checks and the runner).

import { BatchRequestContent, BatchResponseContent, ResponseType } from "@microsoft/microsoft-graph-client";
import {
  area,
  bytes,
  check,
  client,
  collection,
  counted,
  enc,
  entity,
  expecting,
  listed,
  none,
  one,
  runAll,
  streamed,
} from "./harness.mjs";

// ---------------------------------------------------------------------------
// Ids and values of the pages' own examples.

const USER_ID = "87d349ed-44d7-43e1-9a83-5f2406dee5bd"; // user-get
const USER_UPN = "AdeleV@contoso.onmicrosoft.com"; // user-get
const GROUP_ID = "b320ee12-b1cd-4cca-b648-a437be61c5cd"; // group-get
const ROOT_ITEM_ID = "01NKDM7HMOJTVYMDOSXFDK2QJDXCDI3WUK"; // driveitem-get, driveitem-update
const DRIVE_ID = "b!-RIj2DuyvEyV1T4NlOaMHk8XkS_I8MdFlUCq1BlcjgmhRfAj3-Z8RY2VpuvV_tpd";
const TEAM_ID = "893075dd-2487-4122-925f-022c42e20265"; // team-get, channel-get
const CHANNEL_ID = "19:561fbdbbfca848a484f0a6f00ce9dbbd@thread.tacv2"; // channel-get
const MSG_TEAM_ID = "fbe2bf47-16c8-47cf-b4a5-4b9b187c508b"; // chatmessage-get
const MSG_CHANNEL_ID = "19:4a95f7d8db4c4e7fae857bcebe0623e6@thread.tacv2"; // chatmessage-get
const CHAT_ID = "19:8ea0e38b-efb3-4757-924a-5f94061cf8c2_97f62344-57dc-409c-88ad-c4af14158ff5@unq.gbl.spaces";
const PLAN_ID = "xqQg5FS2LkCp935s-FIFm2QAFkHM"; // plannerplan-get
const TASK_ID = "01gzSlKkIUSUl6DF_EilrmQAKDhh"; // plannertask-update
const TASK_ETAG = 'W/"JzEtVGFzayAgQEBAQEBAQEBAQEBAQEBAWCc="'; // plannertask-update
const SITE_ID =
  "contoso.sharepoint.com,2C712604-1370-44E7-A1F5-426573FDA80A,2D2244C3-251A-49EA-93A8-39E1C3A060FE"; // site-get
const SUBSCRIPTION_ID = "7f105c7d-2dc5-4530-97cd-4e7ae6534c07"; // subscription-*
const APP_ID = "03ef14b0-ca33-4840-8f4f-d6e91916010e"; // application-post-applications
const DEVICE_ID = "705c034c-034c-705c-4c03-5c704c035c70"; // intune-devices-manageddevice-*
const EVENT_ID = "AAMkAGI1AAAt9AHjAAA="; // user-post-events
const CONSISTENCY = ["ConsistencyLevel", "eventual"];

// The subscription both `subscription_create` and the `$batch` call post
// (subscription-post-subscriptions).
const SUBSCRIPTION = {
  changeType: "created",
  notificationUrl: "https://webhook.azurewebsites.net/api/send/myNotifyClient",
  resource: "me/mailFolders('Inbox')/messages",
  expirationDateTime: "2021-07-20T18:23:45.9356913Z",
  clientState: "secretClientValue",
  latestSupportedTlsVersion: "v1_2",
};

// A minimal zip archive (an empty one: end-of-central-directory record only):
// the bytes a Teams app package upload sends as application/zip.
const EMPTY_ZIP = Uint8Array.from([0x50, 0x4b, 0x05, 0x06, ...new Array(18).fill(0)]);

/** An advanced directory query as Graph requires it: $count=true with
 * ConsistencyLevel: eventual. */
const advanced = (path) => client.api(path).header(...CONSISTENCY).count(true);

const AREAS = [
  "users",
  "groups",
  "mail",
  "calendar",
  "files",
  "teams",
  "planner",
  "sites",
  "subscriptions",
  "intune",
  "directory",
  "reports",
  "batch",
];
const { users, groups, mail, calendar, files, teams, planner, sites, subscriptions, intune, directory, reports, batch } =
  Object.fromEntries(AREAS.map((name) => [name, area(name)]));

// ---- users -------------------------------------------------------------
users("user_get_by_upn_select", "v1.0/user-get", ["$select not in example", "template-only URL (/users/{userPrincipalName})"],
  () => client.api(`/users/${enc(USER_UPN)}`).select(["id", "displayName", "jobTitle", "mail"]).get(),
  one(200, USER_ID, (u) => check(typeof u.displayName === "string", "displayName missing")));
users("users_filter_count_orderby_top", "v1.0/user-list", ["$filter", "$count", "ConsistencyLevel", "$orderby", "$top"],
  () => advanced("/users")
    .filter("startswith(displayName,'a')")
    .orderby("displayName")
    .top(5)
    .select(["id", "displayName", "mail"])
    .get(),
  counted);
users("users_search_count", "v1.0/user-list", ["$search", "$count", "ConsistencyLevel"],
  () => advanced("/users")
    .search('"displayName:Adele"')
    .select(["id", "displayName"])
    .get(),
  counted);
users("users_delta_select", "v1.0/user-delta", ["delta function", "$select"],
  () => client.api("/users/delta").select(["displayName", "jobTitle", "mobilePhone"]).get(),
  listed((r) => check(typeof r["@odata.nextLink"] === "string" || typeof r["@odata.deltaLink"] === "string", "no next or delta link")));
users("user_update_me", "v1.0/user-update", ["PATCH 204"],
  () => client.api("/me").patch({ businessPhones: ["+1 425 555 0109"], officeLocation: "18/2111" }),
  none(204));
users("me_check_member_groups", "v1.0/directoryobject-checkmembergroups", ["action", "template-only URL (/me/checkMemberGroups)"],
  () => client.api("/me/checkMemberGroups").post({
      groupIds: ["fee2c45b-915a-4a64b130f4eb9e75525e", "4fe90ae065a-478b9400e0a0e1cbd540"],
    }),
  listed());
users("me_member_of_top", "v1.0/user-list-memberof", ["template-only URL (/me/memberOf)", "$top"],
  () => client.api("/me/memberOf").top(10).get(),
  listed());

// ---- groups ------------------------------------------------------------
groups("groups_filter_count_top", "v1.0/group-list", ["$filter", "$count", "ConsistencyLevel", "$top not in example"],
  () => advanced("/groups")
    .filter("hasMembersWithLicenseErrors eq true")
    .select(["id", "displayName"])
    .top(10)
    .get(),
  counted);
groups("groups_search_orderby", "v1.0/group-list", ["$search", "$orderby", "$count", "ConsistencyLevel", "$select not in example"],
  () => advanced("/groups")
    .search('"displayName:Video"')
    .orderby("displayName")
    .select(["id", "displayName", "description"])
    .get(),
  counted);
groups("group_get_expand_members", "v1.0/group-get", ["$expand", "$select not in example"],
  () => client
    .api(`/groups/${GROUP_ID}`)
    .select(["id", "displayName", "members"])
    .expand("members($select=id,displayName)")
    .get(),
  one(200, GROUP_ID));
groups("group_add_member_ref", "v1.0/group-post-members", ["$ref", "POST 204"],
  () => client
    .api(`/groups/${GROUP_ID}/members/$ref`)
    .post({ "@odata.id": `https://graph.microsoft.com/v1.0/directoryObjects/${USER_ID}` }),
  none(204));
groups("groups_delta_minimal", "v1.0/group-delta", ["delta function", "$select", "Prefer return=minimal"],
  () => client
    .api("/groups/delta")
    .header("Prefer", "return=minimal")
    .select(["displayName", "description", "mailNickname"])
    .get(),
  listed());
groups("group_members_select_top", "v1.0/group-list-members", ["$select", "$top"],
  () => client.api(`/groups/${GROUP_ID}/members`).select(["id", "displayName"]).top(5).get(),
  listed());

// ---- mail --------------------------------------------------------------
mail("mail_send_typed_body", "v1.0/user-sendmail", ["action", "typed body (saveToSentItems: false as a boolean)"],
  () => client.api("/me/sendMail").post({
      message: {
        subject: "Meet for lunch?",
        body: { contentType: "Text", content: "The new cafeteria is open." },
        toRecipients: [{ emailAddress: { address: "fannyd@contoso.onmicrosoft.com" } }],
        ccRecipients: [{ emailAddress: { address: "danas@contoso.onmicrosoft.com" } }],
      },
      saveToSentItems: false,
    }),
  none(202));
mail("mail_get_message_encoded_id", "v1.0/message-get", ["id percent-encoded (trailing =)"],
  () => client.api(`/me/messages/${enc("AAMkADhMGAAA=")}`).get(),
  one(200, "AAMkADhMGAAA="));
mail("mail_get_message_headers_select", "v1.0/message-get", ["id percent-encoded (trailing =)", "$select"],
  () => client.api(`/me/messages/${enc("AAMkADhAAAW-VPeAAA=")}`).select("internetMessageHeaders").get(),
  one(200, "AAMkADhAAAW-VPeAAA=", (m) => check(Array.isArray(m.internetMessageHeaders), "internetMessageHeaders missing")));
mail("mail_message_mime_download", "v1.0/message-get", ["$value download (bytes)"],
  () => client.api("/me/messages/4aade2547798441eab5188a7a2436bc1/$value").getStream(),
  streamed);
mail("mail_folders_top", "v1.0/user-list-mailfolders", ["$top not in example"],
  () => client.api("/me/mailFolders").top(10).get(),
  listed());
mail("mail_update_message", "v1.0/message-update", ["typed body (valid bodyType enum, other values than the example)", "id percent-encoded"],
  () => client.api(`/me/messages/${enc("AAMkADhMGAAA=")}`).patch({
      subject: "Lunch moved to 1pm",
      body: { contentType: "text", content: "See you at the new cafeteria." },
      inferenceClassification: "other",
    }),
  one(200, undefined, (m) => check(typeof m.subject === "string", "subject missing")));
mail("mail_messages_delta_inbox", "v1.0/message-delta", ["delta function", "well-known folder name", "Prefer odata.maxpagesize"],
  () => client
    .api("/me/mailFolders/inbox/messages/delta")
    .header("Prefer", "odata.maxpagesize=2")
    .select(["subject", "sender", "isRead"])
    .get(),
  listed());

// ---- calendar ----------------------------------------------------------
calendar("calendar_events_select_orderby_top", "v1.0/user-list-events", ["$orderby", "$top", "$select other than the example's", "Prefer outlook.timezone"],
  () => client
    .api("/me/events")
    .header("Prefer", 'outlook.timezone="Pacific Standard Time"')
    .select(["subject", "organizer", "start", "end"])
    .orderby("start/dateTime desc")
    .top(5)
    .get(),
  listed());
calendar("calendar_create_event", "v1.0/user-post-events", ["POST 201", "typed body"],
  () => client
    .api("/me/events")
    .header("Prefer", 'outlook.timezone="Pacific Standard Time"')
    .post({
      subject: "Let's go for lunch",
      body: { contentType: "HTML", content: "Does noon work for you?" },
      start: { dateTime: "2017-04-15T12:00:00", timeZone: "Pacific Standard Time" },
      end: { dateTime: "2017-04-15T14:00:00", timeZone: "Pacific Standard Time" },
      location: { displayName: "Harry's Bar" },
      attendees: [
        {
          emailAddress: { address: "samanthab@contoso.onmicrosoft.com", name: "Samantha Booth" },
          type: "required",
        },
      ],
      allowNewTimeProposals: true,
      transactionId: "7E163156-7762-4BEB-A1C6-729EA81755A7",
    }),
  one(201, EVENT_ID));
calendar("calendar_view_of_default_calendar", "v1.0/user-list-calendarview", ["template-only URL (/me/calendar/calendarView)", "function-like query parameters"],
  () => client
    .api("/me/calendar/calendarView")
    .query({ startDateTime: "2020-01-01T19:00:00-08:00", endDateTime: "2020-01-02T19:00:00-08:00" })
    .select(["subject", "start", "end"])
    .get(),
  listed());
calendar("calendar_event_accept", "v1.0/event-accept", ["action", "id percent-encoded (trailing =)", "typed body"],
  () => client
    .api(`/me/events/${enc(EVENT_ID)}/accept`)
    .post({ comment: "See you there", sendResponse: true }),
  none(202));
calendar("calendar_view_delta", "v1.0/event-delta", ["delta function", "query parameters with real values"],
  () => client
    .api("/me/calendarView/delta")
    .header("Prefer", "odata.maxpagesize=2")
    .query({ startDateTime: "2016-12-01T00:00:00Z", endDateTime: "2016-12-30T00:00:00Z" })
    .get(),
  listed());

// ---- files / drive -----------------------------------------------------
files("drive_item_by_drive_id_select", "v1.0/driveitem-get", ["template-only URL (/drives/{drive-id}/items/{item-id})", "$select"],
  () => client
    .api(`/drives/${enc(DRIVE_ID)}/items/${ROOT_ITEM_ID}`)
    .select(["id", "name", "size", "folder"])
    .get(),
  one(200, ROOT_ITEM_ID));
files("drive_item_by_path", "v1.0/driveitem-get", ["drive path addressing (root:/path)", "template-only URL"],
  () => client.api("/me/drive/root:/FolderA/FileB.txt").get(),
  one(200, undefined, (i) => check(typeof i.id === "string", "id missing")));
files("drive_children_by_path", "v1.0/driveitem-list-children", ["drive path addressing (root:/path:/children)", "$top"],
  () => client.api(`/drives/${enc(DRIVE_ID)}/root:/Documents/Projects:/children`).top(20).get(),
  listed());
files("drive_children_orderby_select", "v1.0/driveitem-list-children", ["template-only URL (/me/drive/items/{item-id}/children)", "$orderby", "$select", "$top"],
  () => client
    .api(`/me/drive/items/${ROOT_ITEM_ID}/children`)
    .select(["id", "name", "size"])
    .orderby("name")
    .top(5)
    .get(),
  listed());
files("drive_download_by_path", "v1.0/driveitem-get-content", ["drive path addressing (root:/path:/content)", "template-only URL", "binary download (302 then bytes)"],
  () => client
    .api("/me/drive/root:/FolderA/FileB.txt:/content")
    .responseType(ResponseType.ARRAYBUFFER)
    .get(),
  streamed);
// The documented answer is 302 with a Location on a download host; the
// SDK follows it (its RedirectHandler), so the bytes must be served
// from this machine.
files("drive_download_by_item_id", "v1.0/driveitem-get-content", ["binary download (302 then bytes, stream)"],
  () => client.api(`/me/drive/items/${ROOT_ITEM_ID}/content`).getStream(),
  streamed);
files("drive_upload_text_by_path", "v1.0/driveitem-put-content (linked from resources/driveitem.md; page absent from this corpus)", ["file upload (PUT text/plain)", "drive path addressing (root:/path:/content)"],
  () => client
    .api("/me/drive/root:/FolderA/FileB.txt:/content")
    .header("Content-Type", "text/plain")
    .put("The contents of the file goes here."),
  one(201, undefined, (i) => check(typeof i.id === "string", "id missing")));
files("drive_create_upload_session_by_path", "v1.0/driveitem-createuploadsession", ["action", "drive path addressing (root:/path:/createUploadSession)"],
  () => client.api("/me/drive/root:/FolderA/largefile.dat:/createUploadSession").post({
      item: {
        "@odata.type": "microsoft.graph.driveItemUploadableProperties",
        "@microsoft.graph.conflictBehavior": "rename",
        name: "largefile.dat",
      },
    }),
  one(200, undefined, (s) => check(typeof s.uploadUrl === "string", "uploadUrl missing")));
files("drive_root_delta", "v1.0/driveitem-delta", ["delta function"],
  () => client.api("/me/drive/root/delta").get(),
  listed());
files("drive_search_function", "v1.0/driveitem-search", ["function with a parameter (search(q='…'))", "$select", "$top"],
  () => client
    .api("/me/drive/root/search(q='Contoso Project')")
    .select(["id", "name", "webUrl"])
    .top(10)
    .get(),
  listed());
files("drive_rename_if_match", "v1.0/driveitem-update", ["If-Match", "typed body"],
  () => client
    .api(`/me/drive/items/${ROOT_ITEM_ID}`)
    .header("If-Match", '"{F1A2B3C4-0000-0000-0000-000000000000},2"')
    .patch({ name: "new-file-name.docx" }),
  one(200, ROOT_ITEM_ID));
files("drive_delete_by_drive_id_if_match", "v1.0/driveitem-delete", ["template-only URL (/drives/{drive-id}/items/{item-id})", "If-Match", "DELETE 204"],
  () => client
    .api(`/drives/${enc(DRIVE_ID)}/items/${ROOT_ITEM_ID}`)
    .header("If-Match", '"{F1A2B3C4-0000-0000-0000-000000000000},2"')
    .delete(),
  none(204));
files("onenote_resource_download", "v1.0/resource-get", ["binary download (stream)"],
  () => client
    .api("/me/onenote/resources/0-e6d2ad4e9b7a4a1ea8a3bd3a8b8e9d1f!1-8E9D8B7A6C5D4E3F!123/content")
    .getStream(),
  streamed);

// ---- teams -------------------------------------------------------------
teams("team_get_select", "v1.0/team-get", ["$select"],
  () => client.api(`/teams/${TEAM_ID}`).select(["memberSettings", "messagingSettings", "funSettings"]).get(),
  one(200, undefined, (t) => check(t.memberSettings && typeof t.memberSettings === "object", "memberSettings missing")));
teams("team_channel_get_encoded_id", "v1.0/channel-get", ["channel id percent-encoded (19%3A…%40thread.tacv2)"],
  () => client.api(`/teams/${TEAM_ID}/channels/${enc(CHANNEL_ID)}`).get(),
  one(200, CHANNEL_ID));
teams("team_channel_messages_top", "v1.0/channel-list-messages", ["channel id percent-encoded", "$top"],
  () => client.api(`/teams/${MSG_TEAM_ID}/channels/${enc(MSG_CHANNEL_ID)}/messages`).top(10).get(),
  listed());
teams("team_channel_message_reply", "v1.0/chatmessage-get", ["channel id percent-encoded"],
  () => client
    .api(`/teams/${MSG_TEAM_ID}/channels/${enc(MSG_CHANNEL_ID)}/messages/1612509044972/replies/1613671348387`)
    .get(),
  one(200, "1613671348387"));
teams("chat_message_get_encoded_chat_id", "v1.0/chatmessage-get", ["chat id percent-encoded (19%3A…%40unq.gbl.spaces)"],
  () => client.api(`/chats/${enc(CHAT_ID)}/messages/1612289992105`).get(),
  one(200, "1612289992105"));
teams("teams_app_upload_zip", "v1.0/teamsapp-update", ["non-JSON upload body (application/zip)", "query parameter requiresReview"],
  () => client
    .api("/appCatalogs/teamsApps/e3e29acb-8c79-412b-b746-e6c39ff4cd22/appDefinitions")
    .query({ requiresReview: "true" })
    .header("Content-Type", "application/zip")
    .post(EMPTY_ZIP),
  one(201, "MGQ4MjBlY2QtZGVmMi00Mjk3LWFkYWQtNzgwNTZjZGU3Yzc4IyMxLjAuMA=="));

// ---- planner -----------------------------------------------------------
planner("planner_plan_get", "v1.0/plannerplan-get", ["id from the example's response"],
  () => client.api(`/planner/plans/${PLAN_ID}`).get(),
  one(200, PLAN_ID));
planner("planner_plan_tasks_select", "v1.0/plannerplan-list-tasks", ["$select"],
  () => client.api(`/planner/plans/${PLAN_ID}/tasks`).select(["id", "title", "bucketId"]).get(),
  listed());
planner("planner_task_update_if_match", "v1.0/plannertask-update", ["If-Match", "Prefer return=representation", "typed body (open-type assignments)"],
  () => client
    .api(`/planner/tasks/${TASK_ID}`)
    .header("If-Match", TASK_ETAG)
    .header("Prefer", "return=representation")
    .patch({
      assignments: {
        "fbab97d0-4932-4511-b675-204639209557": {
          "@odata.type": "#microsoft.graph.plannerAssignment",
          orderHint: "N9917 U2883!",
        },
      },
      appliedCategories: { category3: true, category4: false },
    }),
  one(200, TASK_ID));

// ---- sites -------------------------------------------------------------
sites("site_by_server_relative_path", "v1.0/site-get", ["site path addressing (/sites/{hostname}:/{path})", "template-only URL"],
  () => client.api("/sites/contoso.sharepoint.com:/teams/1drvteam").get(),
  one(200, SITE_ID));
sites("sites_search", "v1.0/site-search", ["query parameter search=", "$select"],
  () => client.api("/sites").query({ search: "contoso" }).select(["id", "displayName", "webUrl"]).get(),
  listed());
sites("site_list_items_expand_fields", "v1.0/listitem-list", ["$expand with nested $select", "$top"],
  () => client
    .api(`/sites/${enc(SITE_ID)}/lists/Announcements/items`)
    .expand("fields($select=Name,Color,Quantity)")
    .top(20)
    .get(),
  listed());
sites("site_list_item_get_expand", "v1.0/listitem-get", ["$expand"],
  () => client.api(`/sites/${enc(SITE_ID)}/lists/Announcements/items/5`).expand("fields").get(),
  one(200, "5", (i) => check(i.fields && typeof i.fields === "object", "fields missing")));

// ---- subscriptions -----------------------------------------------------
subscriptions("subscription_create", "v1.0/subscription-post-subscriptions", ["POST 201", "body values other than the example's"],
  () => client.api("/subscriptions").post(SUBSCRIPTION),
  one(201, SUBSCRIPTION_ID));
subscriptions("subscriptions_list", "v1.0/subscription-list", ["collection"],
  () => client.api("/subscriptions").get(),
  listed());
subscriptions("subscription_renew", "v1.0/subscription-update", ["PATCH 200", "body values other than the example's"],
  () => client
    .api(`/subscriptions/${SUBSCRIPTION_ID}`)
    .patch({ expirationDateTime: "2021-07-22T18:23:45.9356913Z" }),
  one(200, SUBSCRIPTION_ID));
subscriptions("subscription_delete", "v1.0/subscription-delete", ["DELETE 204"],
  () => client.api(`/subscriptions/${SUBSCRIPTION_ID}`).delete(),
  none(204));

// ---- Intune / deviceManagement (beta) ----------------------------------
intune("intune_managed_devices_filter_select", "beta/intune-devices-windowsmanageddevice-list", ["beta", "$filter", "$select", "$top"],
  () => client
    .api("/deviceManagement/managedDevices")
    .version("beta")
    .filter("operatingSystem eq 'Windows'")
    .select(["id", "deviceName", "operatingSystem", "complianceState"])
    .top(10)
    .get(),
  listed());
intune("intune_managed_device_get", "beta/intune-devices-manageddevice-get", ["beta", "entity (the page wraps it in value)"],
  () => client.api(`/deviceManagement/managedDevices/${DEVICE_ID}`).version("beta").get(),
  one(200, DEVICE_ID));
intune("intune_managed_device_sync", "beta/intune-devices-manageddevice-syncdevice", ["beta", "action without body", "POST 204"],
  () => client.api(`/deviceManagement/managedDevices/${DEVICE_ID}/syncDevice`).version("beta").post(),
  none(204));

// ---- applications / directory ------------------------------------------
directory("application_create", "v1.0/application-post-applications", ["POST 201", "body values other than the example's"],
  () => client.api("/applications").post({ displayName: "Contoso expense app" }),
  one(201, APP_ID));
directory("application_add_password", "v1.0/application-addpassword", ["action", "typed body"],
  () => client
    .api(`/applications/${APP_ID}/addPassword`)
    .post({ passwordCredential: { displayName: "Nightly build secret", endDateTime: "2022-01-01T00:00:00Z" } }),
  one(200, undefined, (c) => check(typeof c.secretText === "string" && typeof c.keyId === "string", "secretText/keyId missing")));
directory("service_principals_filter_count", "v1.0/serviceprincipal-list", ["$filter", "$count", "ConsistencyLevel", "$select not in example", "$top"],
  () => advanced("/servicePrincipals")
    .filter("startswith(displayName,'Contoso')")
    .select(["id", "appId", "displayName"])
    .top(5)
    .get(),
  counted);
directory("directory_roles_select", "v1.0/directoryrole-list", ["$select"],
  () => client.api("/directoryRoles").select(["id", "displayName", "roleTemplateId"]).get(),
  listed());

// ---- reports (beta) ----------------------------------------------------
reports("report_app_signin_summary_d7", "beta/applicationsigninsummary-get", ["beta", "reports function (period='D7')", "collection per metadata (the page shows one object)"],
  () => client.api("/reports/getAzureADApplicationSignInSummary(period='D7')").version("beta").get(),
  listed());
reports("report_m365_app_user_detail_json", "beta/reportroot-getm365appuserdetail", ["beta", "reports function (period='D7')", "$format"],
  () => client
    .api("/reports/getM365AppUserDetail(period='D7')/content")
    .version("beta")
    .query({ $format: "application/json" })
    .get(),
  listed());

// ---- $batch ------------------------------------------------------------

batch(
  "batch_depends_on",
  "v1.0/user-get + v1.0/user-list-mailfolders + v1.0/subscription-post-subscriptions",
  ["$batch", "dependsOn", "BatchRequestContent/BatchResponseContent"],
  async () => {
    const graph = "https://graph.microsoft.com/v1.0";
    const content = new BatchRequestContent([
      { id: "1", request: new Request(`${graph}/me`, { method: "GET" }) },
      { id: "2", request: new Request(`${graph}/me/mailFolders`, { method: "GET" }), dependsOn: ["1"] },
      {
        id: "3",
        request: new Request(`${graph}/subscriptions`, {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify(SUBSCRIPTION),
        }),
        dependsOn: ["2"],
      },
    ]);
    return client.api("/$batch").post(await content.getContent());
  },
  expecting(200, async (reply) => {
    const responses = new BatchResponseContent(reply);
    const got = [...responses.getResponses().keys()].sort();
    check(JSON.stringify(got) === '["1","2","3"]', `batch response ids ${JSON.stringify(got)}`);
    const me = responses.getResponseById("1");
    check(me.status === 200, `step 1 status ${me.status}`);
    entity(await me.json(), USER_ID);
    const folders = responses.getResponseById("2");
    check(folders.status === 200, `step 2 status ${folders.status}`);
    collection(await folders.json());
    const sub = responses.getResponseById("3");
    check(sub.status === 201, `step 3 status ${sub.status}`);
    entity(await sub.json(), SUBSCRIPTION_ID);
  }),
);

await runAll();
