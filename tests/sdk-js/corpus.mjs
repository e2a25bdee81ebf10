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
// refused unless it goes to 127.0.0.1 / localhost.

import {
  Client,
  BatchRequestContent,
  BatchResponseContent,
  ResponseType,
} from "@microsoft/microsoft-graph-client";

const baseUrl = process.argv[2];
if (!baseUrl) {
  console.error("usage: node corpus.mjs BASE_URL");
  process.exit(2);
}

// ---------------------------------------------------------------------------
// The wire, as seen by the test: every exchange of the current call, and a
// guard that keeps all traffic on this machine.

let exchanges = [];
const realFetch = globalThis.fetch;
globalThis.fetch = async (input, init = {}) => {
  const url = typeof input === "string" ? input : input.url;
  const method = (init.method ?? input.method ?? "GET").toUpperCase();
  const host = new URL(url).hostname;
  const sent = { method, url, headers: headerPairs(init.headers), body: bodySummary(init.body) };
  exchanges.push(sent);
  if (host !== "127.0.0.1" && host !== "localhost") {
    sent.status = "refused";
    throw new Error(`refused to leave the machine: ${method} ${url}`);
  }
  const response = await realFetch(input, init);
  sent.status = response.status;
  sent.location = response.headers.get("location") ?? undefined;
  if (response.status >= 400) {
    try {
      const text = await response.clone().text();
      sent.reply = text.slice(0, 2000);
    } catch {
      /* the body is the SDK's to read */
    }
  }
  return response;
};

function headerPairs(h) {
  if (!h) return {};
  const out = {};
  const entries = h instanceof Headers ? [...h.entries()] : Object.entries(h);
  for (const [k, v] of entries) {
    if (k.toLowerCase() === "authorization" || k.toLowerCase() === "sdkversion") continue;
    out[k] = String(v);
  }
  return out;
}

function bodySummary(b) {
  if (b === undefined || b === null) return undefined;
  if (typeof b === "string") return b.length > 300 ? b.slice(0, 300) + "…" : b;
  if (b instanceof ArrayBuffer || ArrayBuffer.isView(b)) return `<${b.byteLength} bytes>`;
  return `<${b.constructor?.name ?? typeof b}>`;
}

// ---------------------------------------------------------------------------
// The client, as an application sets it up.

const client = Client.init({
  baseUrl,
  defaultVersion: "v1.0",
  // A dummy token: the stub accepts credentials and never requires them.
  authProvider: (done) => done(null, "dummy-token"),
});

// ---------------------------------------------------------------------------
// Assertions on what the SDK returned.

class Mismatch extends Error {}

function check(cond, what) {
  if (!cond) throw new Mismatch(what);
}

function lastStatus() {
  // The status of the final exchange of the call (after any redirect).
  const last = exchanges[exchanges.length - 1];
  return last?.status;
}

function status(expected) {
  const got = lastStatus();
  check(got === expected, `status ${got}, documented ${expected}`);
}

function entity(v, id) {
  check(v && typeof v === "object" && !Array.isArray(v), `not an entity: ${short(v)}`);
  if (id !== undefined) check(v.id === id, `id ${JSON.stringify(v.id)}, documented ${JSON.stringify(id)}`);
  return v;
}

function collection(v, min = 1) {
  check(v && Array.isArray(v.value), `not a collection (no value array): ${short(v)}`);
  check(v.value.length >= min, `value has ${v.value.length} items, expected at least ${min}`);
  return v;
}

// No content: the SDK returns undefined for 204, and for a 202 without a
// Content-Type the raw body stream, which must then be empty.
async function noContent(v) {
  if (v && typeof v.getReader === "function") {
    let n = 0;
    const reader = v.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      n += value.byteLength;
    }
    check(n === 0, `expected no content, got ${n} bytes`);
    return;
  }
  check(v === undefined || v === null || v === "", `expected no content, got ${short(v)}`);
}

async function bytes(v) {
  let n = 0;
  if (v === undefined || v === null) {
    n = 0;
  } else if (v instanceof ArrayBuffer || ArrayBuffer.isView(v)) {
    n = v.byteLength;
  } else if (typeof v === "string") {
    n = v.length;
  } else if (typeof v[Symbol.asyncIterator] === "function") {
    for await (const chunk of v) n += chunk.length ?? chunk.byteLength ?? 0;
  } else if (typeof v.getReader === "function") {
    const reader = v.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      n += value.byteLength;
    }
  } else {
    throw new Mismatch(`not bytes: ${short(v)}`);
  }
  check(n > 0, "no bytes");
  return n;
}

function short(v) {
  const s = JSON.stringify(v);
  return s === undefined ? String(v) : s.length > 200 ? s.slice(0, 200) + "…" : s;
}

// Ids are percent-encoded as the SDK's own tasks do (encodeURIComponent per
// path segment): a Teams channel id `19:…@thread.tacv2` becomes
// `19%3A…%40thread.tacv2`, a message id ending in `=` ends in `%3D`.
const enc = encodeURIComponent;

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

// A minimal zip archive (an empty one: end-of-central-directory record only):
// the bytes a Teams app package upload sends as application/zip.
const EMPTY_ZIP = Uint8Array.from([0x50, 0x4b, 0x05, 0x06, ...new Array(18).fill(0)]);

// ---------------------------------------------------------------------------
// The calls. kinds: what the call exercises beyond the page's literal example.

const calls = [
  // ---- users -------------------------------------------------------------
  {
    name: "user_get_by_upn_select",
    area: "users",
    kinds: ["$select not in example", "template-only URL (/users/{userPrincipalName})"],
    page: "v1.0/user-get",
    run: async () => {
      const u = await client.api(`/users/${enc(USER_UPN)}`).select(["id", "displayName", "jobTitle", "mail"]).get();
      status(200);
      entity(u, USER_ID);
      check(typeof u.displayName === "string", "displayName missing");
    },
  },
  {
    name: "users_filter_count_orderby_top",
    area: "users",
    kinds: ["$filter", "$count", "ConsistencyLevel", "$orderby", "$top"],
    page: "v1.0/user-list",
    run: async () => {
      const r = await client
        .api("/users")
        .header(...CONSISTENCY)
        .filter("startswith(displayName,'a')")
        .count(true)
        .orderby("displayName")
        .top(5)
        .select(["id", "displayName", "mail"])
        .get();
      status(200);
      collection(r, 0);
      check(typeof r["@odata.count"] === "number", "@odata.count missing");
    },
  },
  {
    name: "users_search_count",
    area: "users",
    kinds: ["$search", "$count", "ConsistencyLevel"],
    page: "v1.0/user-list",
    run: async () => {
      const r = await client
        .api("/users")
        .header(...CONSISTENCY)
        .search('"displayName:Adele"')
        .count(true)
        .select(["id", "displayName"])
        .get();
      status(200);
      collection(r, 0);
      check(typeof r["@odata.count"] === "number", "@odata.count missing");
    },
  },
  {
    name: "users_delta_select",
    area: "users",
    kinds: ["delta function", "$select"],
    page: "v1.0/user-delta",
    run: async () => {
      const r = await client.api("/users/delta").select(["displayName", "jobTitle", "mobilePhone"]).get();
      status(200);
      collection(r);
      check(typeof r["@odata.nextLink"] === "string" || typeof r["@odata.deltaLink"] === "string", "no next or delta link");
    },
  },
  {
    name: "user_update_me",
    area: "users",
    kinds: ["PATCH 204"],
    page: "v1.0/user-update",
    run: async () => {
      const r = await client.api("/me").patch({ businessPhones: ["+1 425 555 0109"], officeLocation: "18/2111" });
      status(204);
      await noContent(r);
    },
  },
  {
    name: "me_check_member_groups",
    area: "users",
    kinds: ["action", "template-only URL (/me/checkMemberGroups)"],
    page: "v1.0/directoryobject-checkmembergroups",
    run: async () => {
      const r = await client.api("/me/checkMemberGroups").post({
        groupIds: ["fee2c45b-915a-4a64b130f4eb9e75525e", "4fe90ae065a-478b9400e0a0e1cbd540"],
      });
      status(200);
      collection(r);
    },
  },
  {
    name: "me_member_of_top",
    area: "users",
    kinds: ["template-only URL (/me/memberOf)", "$top"],
    page: "v1.0/user-list-memberof",
    run: async () => {
      const r = await client.api("/me/memberOf").top(10).get();
      status(200);
      collection(r);
    },
  },

  // ---- groups ------------------------------------------------------------
  {
    name: "groups_filter_count_top",
    area: "groups",
    kinds: ["$filter", "$count", "ConsistencyLevel", "$top not in example"],
    page: "v1.0/group-list",
    run: async () => {
      const r = await client
        .api("/groups")
        .header(...CONSISTENCY)
        .filter("hasMembersWithLicenseErrors eq true")
        .count(true)
        .select(["id", "displayName"])
        .top(10)
        .get();
      status(200);
      collection(r, 0);
      check(typeof r["@odata.count"] === "number", "@odata.count missing");
    },
  },
  {
    name: "groups_search_orderby",
    area: "groups",
    kinds: ["$search", "$orderby", "$count", "ConsistencyLevel", "$select not in example"],
    page: "v1.0/group-list",
    run: async () => {
      const r = await client
        .api("/groups")
        .header(...CONSISTENCY)
        .search('"displayName:Video"')
        .orderby("displayName")
        .count(true)
        .select(["id", "displayName", "description"])
        .get();
      status(200);
      collection(r, 0);
      check(typeof r["@odata.count"] === "number", "@odata.count missing");
    },
  },
  {
    name: "group_get_expand_members",
    area: "groups",
    kinds: ["$expand", "$select not in example"],
    page: "v1.0/group-get",
    run: async () => {
      const g = await client
        .api(`/groups/${GROUP_ID}`)
        .select(["id", "displayName", "members"])
        .expand("members($select=id,displayName)")
        .get();
      status(200);
      entity(g, GROUP_ID);
    },
  },
  {
    name: "group_add_member_ref",
    area: "groups",
    kinds: ["$ref", "POST 204"],
    page: "v1.0/group-post-members",
    run: async () => {
      const r = await client
        .api(`/groups/${GROUP_ID}/members/$ref`)
        .post({ "@odata.id": `https://graph.microsoft.com/v1.0/directoryObjects/${USER_ID}` });
      status(204);
      await noContent(r);
    },
  },
  {
    name: "groups_delta_minimal",
    area: "groups",
    kinds: ["delta function", "$select", "Prefer return=minimal"],
    page: "v1.0/group-delta",
    run: async () => {
      const r = await client
        .api("/groups/delta")
        .header("Prefer", "return=minimal")
        .select(["displayName", "description", "mailNickname"])
        .get();
      status(200);
      collection(r);
    },
  },
  {
    name: "group_members_select_top",
    area: "groups",
    kinds: ["$select", "$top"],
    page: "v1.0/group-list-members",
    run: async () => {
      const r = await client.api(`/groups/${GROUP_ID}/members`).select(["id", "displayName"]).top(5).get();
      status(200);
      collection(r);
    },
  },

  // ---- mail --------------------------------------------------------------
  {
    name: "mail_send_typed_body",
    area: "mail",
    kinds: ["action", "typed body (saveToSentItems: false as a boolean)"],
    page: "v1.0/user-sendmail",
    run: async () => {
      const r = await client.api("/me/sendMail").post({
        message: {
          subject: "Meet for lunch?",
          body: { contentType: "Text", content: "The new cafeteria is open." },
          toRecipients: [{ emailAddress: { address: "fannyd@contoso.onmicrosoft.com" } }],
          ccRecipients: [{ emailAddress: { address: "danas@contoso.onmicrosoft.com" } }],
        },
        saveToSentItems: false,
      });
      status(202);
      await noContent(r);
    },
  },
  {
    name: "mail_get_message_encoded_id",
    area: "mail",
    kinds: ["id percent-encoded (trailing =)"],
    page: "v1.0/message-get",
    run: async () => {
      const m = await client.api(`/me/messages/${enc("AAMkADhMGAAA=")}`).get();
      status(200);
      entity(m, "AAMkADhMGAAA=");
    },
  },
  {
    name: "mail_get_message_headers_select",
    area: "mail",
    kinds: ["id percent-encoded (trailing =)", "$select"],
    page: "v1.0/message-get",
    run: async () => {
      const m = await client.api(`/me/messages/${enc("AAMkADhAAAW-VPeAAA=")}`).select("internetMessageHeaders").get();
      status(200);
      entity(m, "AAMkADhAAAW-VPeAAA=");
      check(Array.isArray(m.internetMessageHeaders), "internetMessageHeaders missing");
    },
  },
  {
    name: "mail_message_mime_download",
    area: "mail",
    kinds: ["$value download (bytes)"],
    page: "v1.0/message-get",
    run: async () => {
      const s = await client.api("/me/messages/4aade2547798441eab5188a7a2436bc1/$value").getStream();
      status(200);
      await bytes(s);
    },
  },
  {
    name: "mail_folders_top",
    area: "mail",
    kinds: ["$top not in example"],
    page: "v1.0/user-list-mailfolders",
    run: async () => {
      const r = await client.api("/me/mailFolders").top(10).get();
      status(200);
      collection(r);
    },
  },
  {
    name: "mail_update_message",
    area: "mail",
    kinds: ["typed body (valid bodyType enum, other values than the example)", "id percent-encoded"],
    page: "v1.0/message-update",
    run: async () => {
      const m = await client.api(`/me/messages/${enc("AAMkADhMGAAA=")}`).patch({
        subject: "Lunch moved to 1pm",
        body: { contentType: "text", content: "See you at the new cafeteria." },
        inferenceClassification: "other",
      });
      status(200);
      entity(m);
      check(typeof m.subject === "string", "subject missing");
    },
  },
  {
    name: "mail_messages_delta_inbox",
    area: "mail",
    kinds: ["delta function", "well-known folder name", "Prefer odata.maxpagesize"],
    page: "v1.0/message-delta",
    run: async () => {
      const r = await client
        .api("/me/mailFolders/inbox/messages/delta")
        .header("Prefer", "odata.maxpagesize=2")
        .select(["subject", "sender", "isRead"])
        .get();
      status(200);
      collection(r);
    },
  },

  // ---- calendar ----------------------------------------------------------
  {
    name: "calendar_events_select_orderby_top",
    area: "calendar",
    kinds: ["$orderby", "$top", "$select other than the example's", "Prefer outlook.timezone"],
    page: "v1.0/user-list-events",
    run: async () => {
      const r = await client
        .api("/me/events")
        .header("Prefer", 'outlook.timezone="Pacific Standard Time"')
        .select(["subject", "organizer", "start", "end"])
        .orderby("start/dateTime desc")
        .top(5)
        .get();
      status(200);
      collection(r);
    },
  },
  {
    name: "calendar_create_event",
    area: "calendar",
    kinds: ["POST 201", "typed body"],
    page: "v1.0/user-post-events",
    run: async () => {
      const e = await client
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
        });
      status(201);
      entity(e, EVENT_ID);
    },
  },
  {
    name: "calendar_view_of_default_calendar",
    area: "calendar",
    kinds: ["template-only URL (/me/calendar/calendarView)", "function-like query parameters"],
    page: "v1.0/user-list-calendarview",
    run: async () => {
      const r = await client
        .api("/me/calendar/calendarView")
        .query({ startDateTime: "2020-01-01T19:00:00-08:00", endDateTime: "2020-01-02T19:00:00-08:00" })
        .select(["subject", "start", "end"])
        .get();
      status(200);
      collection(r);
    },
  },
  {
    name: "calendar_event_accept",
    area: "calendar",
    kinds: ["action", "id percent-encoded (trailing =)", "typed body"],
    page: "v1.0/event-accept",
    run: async () => {
      const r = await client
        .api(`/me/events/${enc(EVENT_ID)}/accept`)
        .post({ comment: "See you there", sendResponse: true });
      status(202);
      await noContent(r);
    },
  },
  {
    name: "calendar_view_delta",
    area: "calendar",
    kinds: ["delta function", "query parameters with real values"],
    page: "v1.0/event-delta",
    run: async () => {
      const r = await client
        .api("/me/calendarView/delta")
        .header("Prefer", "odata.maxpagesize=2")
        .query({ startDateTime: "2016-12-01T00:00:00Z", endDateTime: "2016-12-30T00:00:00Z" })
        .get();
      status(200);
      collection(r);
    },
  },

  // ---- files / drive -----------------------------------------------------
  {
    name: "drive_item_by_drive_id_select",
    area: "files",
    kinds: ["template-only URL (/drives/{drive-id}/items/{item-id})", "$select"],
    page: "v1.0/driveitem-get",
    run: async () => {
      const i = await client
        .api(`/drives/${enc(DRIVE_ID)}/items/${ROOT_ITEM_ID}`)
        .select(["id", "name", "size", "folder"])
        .get();
      status(200);
      entity(i, ROOT_ITEM_ID);
    },
  },
  {
    name: "drive_item_by_path",
    area: "files",
    kinds: ["drive path addressing (root:/path)", "template-only URL"],
    page: "v1.0/driveitem-get",
    run: async () => {
      const i = await client.api("/me/drive/root:/FolderA/FileB.txt").get();
      status(200);
      entity(i);
      check(typeof i.id === "string", "id missing");
    },
  },
  {
    name: "drive_children_by_path",
    area: "files",
    kinds: ["drive path addressing (root:/path:/children)", "$top"],
    page: "v1.0/driveitem-list-children",
    run: async () => {
      const r = await client.api(`/drives/${enc(DRIVE_ID)}/root:/Documents/Projects:/children`).top(20).get();
      status(200);
      collection(r);
    },
  },
  {
    name: "drive_children_orderby_select",
    area: "files",
    kinds: ["template-only URL (/me/drive/items/{item-id}/children)", "$orderby", "$select", "$top"],
    page: "v1.0/driveitem-list-children",
    run: async () => {
      const r = await client
        .api(`/me/drive/items/${ROOT_ITEM_ID}/children`)
        .select(["id", "name", "size"])
        .orderby("name")
        .top(5)
        .get();
      status(200);
      collection(r);
    },
  },
  {
    name: "drive_download_by_path",
    area: "files",
    kinds: ["drive path addressing (root:/path:/content)", "template-only URL", "binary download (302 then bytes)"],
    page: "v1.0/driveitem-get-content",
    run: async () => {
      const buf = await client
        .api("/me/drive/root:/FolderA/FileB.txt:/content")
        .responseType(ResponseType.ARRAYBUFFER)
        .get();
      status(200);
      await bytes(buf);
    },
  },
  {
    name: "drive_download_by_item_id",
    area: "files",
    kinds: ["binary download (302 then bytes, stream)"],
    page: "v1.0/driveitem-get-content",
    run: async () => {
      // The documented answer is 302 with a Location on a download host; the
      // SDK follows it (its RedirectHandler), so the bytes must be served
      // from this machine.
      const s = await client.api(`/me/drive/items/${ROOT_ITEM_ID}/content`).getStream();
      status(200);
      await bytes(s);
    },
  },
  {
    name: "drive_upload_text_by_path",
    area: "files",
    kinds: ["file upload (PUT text/plain)", "drive path addressing (root:/path:/content)"],
    page: "v1.0/driveitem-put-content (linked from resources/driveitem.md; page absent from this corpus)",
    run: async () => {
      const i = await client
        .api("/me/drive/root:/FolderA/FileB.txt:/content")
        .header("Content-Type", "text/plain")
        .put("The contents of the file goes here.");
      status(201);
      entity(i);
      check(typeof i.id === "string", "id missing");
    },
  },
  {
    name: "drive_create_upload_session_by_path",
    area: "files",
    kinds: ["action", "drive path addressing (root:/path:/createUploadSession)"],
    page: "v1.0/driveitem-createuploadsession",
    run: async () => {
      const s = await client.api("/me/drive/root:/FolderA/largefile.dat:/createUploadSession").post({
        item: {
          "@odata.type": "microsoft.graph.driveItemUploadableProperties",
          "@microsoft.graph.conflictBehavior": "rename",
          name: "largefile.dat",
        },
      });
      status(200);
      entity(s);
      check(typeof s.uploadUrl === "string", "uploadUrl missing");
    },
  },
  {
    name: "drive_root_delta",
    area: "files",
    kinds: ["delta function"],
    page: "v1.0/driveitem-delta",
    run: async () => {
      const r = await client.api("/me/drive/root/delta").get();
      status(200);
      collection(r);
    },
  },
  {
    name: "drive_search_function",
    area: "files",
    kinds: ["function with a parameter (search(q='…'))", "$select", "$top"],
    page: "v1.0/driveitem-search",
    run: async () => {
      const r = await client
        .api("/me/drive/root/search(q='Contoso Project')")
        .select(["id", "name", "webUrl"])
        .top(10)
        .get();
      status(200);
      collection(r);
    },
  },
  {
    name: "drive_rename_if_match",
    area: "files",
    kinds: ["If-Match", "typed body"],
    page: "v1.0/driveitem-update",
    run: async () => {
      const i = await client
        .api(`/me/drive/items/${ROOT_ITEM_ID}`)
        .header("If-Match", '"{F1A2B3C4-0000-0000-0000-000000000000},2"')
        .patch({ name: "new-file-name.docx" });
      status(200);
      entity(i, ROOT_ITEM_ID);
    },
  },
  {
    name: "drive_delete_by_drive_id_if_match",
    area: "files",
    kinds: ["template-only URL (/drives/{drive-id}/items/{item-id})", "If-Match", "DELETE 204"],
    page: "v1.0/driveitem-delete",
    run: async () => {
      const r = await client
        .api(`/drives/${enc(DRIVE_ID)}/items/${ROOT_ITEM_ID}`)
        .header("If-Match", '"{F1A2B3C4-0000-0000-0000-000000000000},2"')
        .delete();
      status(204);
      await noContent(r);
    },
  },
  {
    name: "onenote_resource_download",
    area: "files",
    kinds: ["binary download (stream)"],
    page: "v1.0/resource-get",
    run: async () => {
      const s = await client
        .api("/me/onenote/resources/0-e6d2ad4e9b7a4a1ea8a3bd3a8b8e9d1f!1-8E9D8B7A6C5D4E3F!123/content")
        .getStream();
      status(200);
      await bytes(s);
    },
  },

  // ---- teams -------------------------------------------------------------
  {
    name: "team_get_select",
    area: "teams",
    kinds: ["$select"],
    page: "v1.0/team-get",
    run: async () => {
      const t = await client.api(`/teams/${TEAM_ID}`).select(["memberSettings", "messagingSettings", "funSettings"]).get();
      status(200);
      entity(t);
      check(t.memberSettings && typeof t.memberSettings === "object", "memberSettings missing");
    },
  },
  {
    name: "team_channel_get_encoded_id",
    area: "teams",
    kinds: ["channel id percent-encoded (19%3A…%40thread.tacv2)"],
    page: "v1.0/channel-get",
    run: async () => {
      const c = await client.api(`/teams/${TEAM_ID}/channels/${enc(CHANNEL_ID)}`).get();
      status(200);
      entity(c, CHANNEL_ID);
    },
  },
  {
    name: "team_channel_messages_top",
    area: "teams",
    kinds: ["channel id percent-encoded", "$top"],
    page: "v1.0/channel-list-messages",
    run: async () => {
      const r = await client.api(`/teams/${MSG_TEAM_ID}/channels/${enc(MSG_CHANNEL_ID)}/messages`).top(10).get();
      status(200);
      collection(r);
    },
  },
  {
    name: "team_channel_message_reply",
    area: "teams",
    kinds: ["channel id percent-encoded"],
    page: "v1.0/chatmessage-get",
    run: async () => {
      const m = await client
        .api(`/teams/${MSG_TEAM_ID}/channels/${enc(MSG_CHANNEL_ID)}/messages/1612509044972/replies/1613671348387`)
        .get();
      status(200);
      entity(m, "1613671348387");
    },
  },
  {
    name: "chat_message_get_encoded_chat_id",
    area: "teams",
    kinds: ["chat id percent-encoded (19%3A…%40unq.gbl.spaces)"],
    page: "v1.0/chatmessage-get",
    run: async () => {
      const m = await client.api(`/chats/${enc(CHAT_ID)}/messages/1612289992105`).get();
      status(200);
      entity(m, "1612289992105");
    },
  },
  {
    name: "teams_app_upload_zip",
    area: "teams",
    kinds: ["non-JSON upload body (application/zip)", "query parameter requiresReview"],
    page: "v1.0/teamsapp-update",
    run: async () => {
      const d = await client
        .api("/appCatalogs/teamsApps/e3e29acb-8c79-412b-b746-e6c39ff4cd22/appDefinitions")
        .query({ requiresReview: "true" })
        .header("Content-Type", "application/zip")
        .post(EMPTY_ZIP);
      status(201);
      entity(d, "MGQ4MjBlY2QtZGVmMi00Mjk3LWFkYWQtNzgwNTZjZGU3Yzc4IyMxLjAuMA==");
    },
  },

  // ---- planner -----------------------------------------------------------
  {
    name: "planner_plan_get",
    area: "planner",
    kinds: ["id from the example's response"],
    page: "v1.0/plannerplan-get",
    run: async () => {
      const p = await client.api(`/planner/plans/${PLAN_ID}`).get();
      status(200);
      entity(p, PLAN_ID);
    },
  },
  {
    name: "planner_plan_tasks_select",
    area: "planner",
    kinds: ["$select"],
    page: "v1.0/plannerplan-list-tasks",
    run: async () => {
      const r = await client.api(`/planner/plans/${PLAN_ID}/tasks`).select(["id", "title", "bucketId"]).get();
      status(200);
      collection(r);
    },
  },
  {
    name: "planner_task_update_if_match",
    area: "planner",
    kinds: ["If-Match", "Prefer return=representation", "typed body (open-type assignments)"],
    page: "v1.0/plannertask-update",
    run: async () => {
      const t = await client
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
        });
      status(200);
      entity(t, TASK_ID);
    },
  },

  // ---- sites -------------------------------------------------------------
  {
    name: "site_by_server_relative_path",
    area: "sites",
    kinds: ["site path addressing (/sites/{hostname}:/{path})", "template-only URL"],
    page: "v1.0/site-get",
    run: async () => {
      const s = await client.api("/sites/contoso.sharepoint.com:/teams/1drvteam").get();
      status(200);
      entity(s, SITE_ID);
    },
  },
  {
    name: "sites_search",
    area: "sites",
    kinds: ["query parameter search=", "$select"],
    page: "v1.0/site-search",
    run: async () => {
      const r = await client.api("/sites").query({ search: "contoso" }).select(["id", "displayName", "webUrl"]).get();
      status(200);
      collection(r);
    },
  },
  {
    name: "site_list_items_expand_fields",
    area: "sites",
    kinds: ["$expand with nested $select", "$top"],
    page: "v1.0/listitem-list",
    run: async () => {
      const r = await client
        .api(`/sites/${enc(SITE_ID)}/lists/Announcements/items`)
        .expand("fields($select=Name,Color,Quantity)")
        .top(20)
        .get();
      status(200);
      collection(r);
    },
  },
  {
    name: "site_list_item_get_expand",
    area: "sites",
    kinds: ["$expand"],
    page: "v1.0/listitem-get",
    run: async () => {
      const i = await client.api(`/sites/${enc(SITE_ID)}/lists/Announcements/items/5`).expand("fields").get();
      status(200);
      entity(i, "5");
      check(i.fields && typeof i.fields === "object", "fields missing");
    },
  },

  // ---- subscriptions -----------------------------------------------------
  {
    name: "subscription_create",
    area: "subscriptions",
    kinds: ["POST 201", "body values other than the example's"],
    page: "v1.0/subscription-post-subscriptions",
    run: async () => {
      const s = await client.api("/subscriptions").post({
        changeType: "created",
        notificationUrl: "https://webhook.azurewebsites.net/api/send/myNotifyClient",
        resource: "me/mailFolders('Inbox')/messages",
        expirationDateTime: "2021-07-20T18:23:45.9356913Z",
        clientState: "secretClientValue",
        latestSupportedTlsVersion: "v1_2",
      });
      status(201);
      entity(s, SUBSCRIPTION_ID);
    },
  },
  {
    name: "subscriptions_list",
    area: "subscriptions",
    kinds: ["collection"],
    page: "v1.0/subscription-list",
    run: async () => {
      const r = await client.api("/subscriptions").get();
      status(200);
      collection(r);
    },
  },
  {
    name: "subscription_renew",
    area: "subscriptions",
    kinds: ["PATCH 200", "body values other than the example's"],
    page: "v1.0/subscription-update",
    run: async () => {
      const s = await client
        .api(`/subscriptions/${SUBSCRIPTION_ID}`)
        .patch({ expirationDateTime: "2021-07-22T18:23:45.9356913Z" });
      status(200);
      entity(s, SUBSCRIPTION_ID);
    },
  },
  {
    name: "subscription_delete",
    area: "subscriptions",
    kinds: ["DELETE 204"],
    page: "v1.0/subscription-delete",
    run: async () => {
      const r = await client.api(`/subscriptions/${SUBSCRIPTION_ID}`).delete();
      status(204);
      await noContent(r);
    },
  },

  // ---- Intune / deviceManagement (beta) ----------------------------------
  {
    name: "intune_managed_devices_filter_select",
    area: "intune",
    kinds: ["beta", "$filter", "$select", "$top"],
    page: "beta/intune-devices-windowsmanageddevice-list",
    run: async () => {
      const r = await client
        .api("/deviceManagement/managedDevices")
        .version("beta")
        .filter("operatingSystem eq 'Windows'")
        .select(["id", "deviceName", "operatingSystem", "complianceState"])
        .top(10)
        .get();
      status(200);
      collection(r);
    },
  },
  {
    name: "intune_managed_device_get",
    area: "intune",
    kinds: ["beta", "entity (the page wraps it in value)"],
    page: "beta/intune-devices-manageddevice-get",
    run: async () => {
      const d = await client.api(`/deviceManagement/managedDevices/${DEVICE_ID}`).version("beta").get();
      status(200);
      entity(d, DEVICE_ID);
    },
  },
  {
    name: "intune_managed_device_sync",
    area: "intune",
    kinds: ["beta", "action without body", "POST 204"],
    page: "beta/intune-devices-manageddevice-syncdevice",
    run: async () => {
      const r = await client.api(`/deviceManagement/managedDevices/${DEVICE_ID}/syncDevice`).version("beta").post();
      status(204);
      await noContent(r);
    },
  },

  // ---- applications / directory ------------------------------------------
  {
    name: "application_create",
    area: "directory",
    kinds: ["POST 201", "body values other than the example's"],
    page: "v1.0/application-post-applications",
    run: async () => {
      const a = await client.api("/applications").post({ displayName: "Contoso expense app" });
      status(201);
      entity(a, APP_ID);
    },
  },
  {
    name: "application_add_password",
    area: "directory",
    kinds: ["action", "typed body"],
    page: "v1.0/application-addpassword",
    run: async () => {
      const c = await client
        .api(`/applications/${APP_ID}/addPassword`)
        .post({ passwordCredential: { displayName: "Nightly build secret", endDateTime: "2022-01-01T00:00:00Z" } });
      status(200);
      entity(c);
      check(typeof c.secretText === "string" && typeof c.keyId === "string", "secretText/keyId missing");
    },
  },
  {
    name: "service_principals_filter_count",
    area: "directory",
    kinds: ["$filter", "$count", "ConsistencyLevel", "$select not in example", "$top"],
    page: "v1.0/serviceprincipal-list",
    run: async () => {
      const r = await client
        .api("/servicePrincipals")
        .header(...CONSISTENCY)
        .filter("startswith(displayName,'Contoso')")
        .count(true)
        .select(["id", "appId", "displayName"])
        .top(5)
        .get();
      status(200);
      collection(r, 0);
      check(typeof r["@odata.count"] === "number", "@odata.count missing");
    },
  },
  {
    name: "directory_roles_select",
    area: "directory",
    kinds: ["$select"],
    page: "v1.0/directoryrole-list",
    run: async () => {
      const r = await client.api("/directoryRoles").select(["id", "displayName", "roleTemplateId"]).get();
      status(200);
      collection(r);
    },
  },

  // ---- reports (beta) ----------------------------------------------------
  {
    name: "report_app_signin_summary_d7",
    area: "reports",
    kinds: ["beta", "reports function (period='D7')", "collection per metadata (the page shows one object)"],
    page: "beta/applicationsigninsummary-get",
    run: async () => {
      const r = await client.api("/reports/getAzureADApplicationSignInSummary(period='D7')").version("beta").get();
      status(200);
      collection(r);
    },
  },
  {
    name: "report_m365_app_user_detail_json",
    area: "reports",
    kinds: ["beta", "reports function (period='D7')", "$format"],
    page: "beta/reportroot-getm365appuserdetail",
    run: async () => {
      const r = await client
        .api("/reports/getM365AppUserDetail(period='D7')/content")
        .version("beta")
        .query({ $format: "application/json" })
        .get();
      status(200);
      collection(r);
    },
  },

  // ---- $batch ------------------------------------------------------------
  {
    name: "batch_depends_on",
    area: "batch",
    kinds: ["$batch", "dependsOn", "BatchRequestContent/BatchResponseContent"],
    page: "v1.0/user-get + v1.0/user-list-mailfolders + v1.0/subscription-post-subscriptions",
    run: async () => {
      const graph = "https://graph.microsoft.com/v1.0";
      const batch = new BatchRequestContent([
        { id: "1", request: new Request(`${graph}/me`, { method: "GET" }) },
        { id: "2", request: new Request(`${graph}/me/mailFolders`, { method: "GET" }), dependsOn: ["1"] },
        {
          id: "3",
          request: new Request(`${graph}/subscriptions`, {
            method: "POST",
            headers: { "Content-Type": "application/json" },
            body: JSON.stringify({
              changeType: "created",
              notificationUrl: "https://webhook.azurewebsites.net/api/send/myNotifyClient",
              resource: "me/mailFolders('Inbox')/messages",
              expirationDateTime: "2021-07-20T18:23:45.9356913Z",
              clientState: "secretClientValue",
              latestSupportedTlsVersion: "v1_2",
            }),
          }),
          dependsOn: ["2"],
        },
      ]);
      const reply = await client.api("/$batch").post(await batch.getContent());
      status(200);
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
    },
  },
];

// ---------------------------------------------------------------------------

function describe(x) {
  const headers = Object.entries(x.headers ?? {})
    .filter(([k]) => !["content-length", "accept", "client-request-id", "user-agent"].includes(k.toLowerCase()))
    .map(([k, v]) => `${k}: ${v}`);
  let s = `${x.method} ${x.url}`;
  if (headers.length) s += ` [${headers.join("; ")}]`;
  if (x.body !== undefined) s += ` body=${x.body}`;
  return s;
}

function stubReason(x) {
  if (!x?.reply) return undefined;
  try {
    const j = JSON.parse(x.reply);
    return j?.error?.message ?? x.reply;
  } catch {
    return x.reply;
  }
}

const results = {};
let failed = 0;
for (const c of calls) {
  exchanges = [];
  const result = { ok: false, area: c.area, kinds: c.kinds, page: c.page };
  try {
    await c.run();
    result.ok = true;
  } catch (e) {
    failed += 1;
    const last = exchanges[exchanges.length - 1];
    const reason = stubReason(last);
    const sdk = e instanceof Mismatch ? e.message : `${e.statusCode ?? ""} ${e.code ?? ""} ${e.message}`.trim();
    result.error = reason && !sdk.includes(reason) ? `${sdk} | stub: ${reason}` : sdk;
  }
  result.status = lastStatus();
  result.requests = exchanges.map(describe);
  if (!result.ok) {
    const first = exchanges[0];
    if (first?.location) result.location = first.location;
  }
  results[c.name] = result;
}

console.log(JSON.stringify(results, null, 2));
console.error(`${calls.length} calls, ${calls.length - failed} ok, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
