// The harness of corpus.mjs: the wire guard that keeps every request on
// this machine and notes each exchange, the SDK client for BASE_URL (the
// first argument), the checks of what the SDK returned, the registry of
// calls with the expectations they use, and the runner that prints the
// results.

import { Client } from "@microsoft/microsoft-graph-client";

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

export const client = Client.init({
  baseUrl,
  defaultVersion: "v1.0",
  // A dummy token: the stub accepts credentials and never requires them.
  authProvider: (done) => done(null, "dummy-token"),
});

// ---------------------------------------------------------------------------
// Assertions on what the SDK returned.

class Mismatch extends Error {}

export function check(cond, what) {
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

export function entity(v, id) {
  check(v && typeof v === "object" && !Array.isArray(v), `not an entity: ${short(v)}`);
  if (id !== undefined) check(v.id === id, `id ${JSON.stringify(v.id)}, documented ${JSON.stringify(id)}`);
  return v;
}

export function collection(v, min = 1) {
  check(v && Array.isArray(v.value), `not a collection (no value array): ${short(v)}`);
  check(v.value.length >= min, `value has ${v.value.length} items, expected at least ${min}`);
  return v;
}

// No content: the SDK returns undefined for 204, and for a 202 without a
// Content-Type the raw body stream, which must then be empty.
export async function noContent(v) {
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

export async function bytes(v) {
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
export const enc = encodeURIComponent;

// ---------------------------------------------------------------------------
// The registry of calls. Each is registered with the page it documents, kinds
// (what it exercises beyond the page's literal example), send (the call,
// written as application code) and expect (the judgement of what the SDK
// returned).

const calls = [];

/** The registrar of the calls of one area. */
export function area(name) {
  return (call, page, kinds, send, expect) =>
    calls.push({ name: call, area: name, kinds, page, run: async () => expect(await send()) });
}

/** Expects the documented status, then `judge` of the value, then `more`. */
export function expecting(code, judge, more = () => {}) {
  return async (v) => {
    status(code);
    await judge(v);
    more(v);
  };
}

/** A 200 collection with at least one item, then `more`. */
export const listed = (more) => expecting(200, (v) => collection(v), more);
/** A 200 collection (perhaps empty) with its @odata.count. */
export const counted = expecting(
  200,
  (v) => collection(v, 0),
  (v) => check(typeof v["@odata.count"] === "number", "@odata.count missing"),
);
/** An entity (with the documented id, when given) under `code`, then `more`. */
export const one = (code, id, more) => expecting(code, (v) => entity(v, id), more);
/** No content under `code`. */
export const none = (code) => expecting(code, noContent);
/** A 200 download of some bytes. */
export const streamed = expecting(200, bytes);

// ---------------------------------------------------------------------------
// The runner.

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

/** Runs every registered call, prints the results and exits (1 when any call
 * failed). */
export async function runAll() {
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
}
