// Drives the official Microsoft Graph JavaScript SDK against `mdcontract serve`.
//
// Usage: node conformance.mjs BASE_URL
// Makes the calls an SDK user writes for the widget pages of specs/v1.0/api,
// through the SDK's fluent API (it builds the URL, encodes the query, sets
// the headers and parses the reply), and prints one JSON object: call name →
// what the SDK returned (null for 204). Exit 1, with the SDK's error, when a
// call fails; tests/sdk_conformance.rs judges the results and the journal.

import { Client } from "@microsoft/microsoft-graph-client";

const baseUrl = process.argv[2];
if (!baseUrl) {
  console.error("usage: node conformance.mjs BASE_URL");
  process.exit(2);
}

const client = Client.init({
  baseUrl,
  defaultVersion: "v1.0",
  // A dummy token: the stub accepts credentials and never requires them.
  authProvider: (done) => done(null, "dummy-token"),
});

const calls = {
  // GET by id.
  get_widget: () =>
    client.api("/widgetCatalog/widgets/5f3c2a7e-91b4-4d0e-8c62-0a9e7d41b3f5").get(),
  // A list with $select and $filter: the SDK orders and encodes them its way.
  list_widgets_filter: () =>
    client
      .api("/widgetCatalog/widgets")
      .select(["id", "displayName", "color"])
      .filter("displayName eq 'Blue widget'")
      .get(),
  // $orderby and $top.
  list_widgets_newest: () =>
    client.api("/me/widgets").orderby("createdDateTime desc").top(2).get(),
  // POST, with the @odata.type an SDK model adds.
  create_widget_from_widgetcatalog: () =>
    client.api("/widgetCatalog/widgets").post({
      "@odata.type": "#microsoft.graph.widget",
      displayName: "Garden widget",
      color: "red",
      weight: 2.5,
      tags: ["outdoor"],
      dimensions: { width: 300, height: 80 },
    }),
  // PATCH: 204, no body.
  update_widget: () =>
    client
      .api("/widgetCatalog/widgets/5f3c2a7e-91b4-4d0e-8c62-0a9e7d41b3f5")
      .patch({ color: "green", quantity: 12, isDiscontinued: true }),
  // DELETE: 204.
  delete_widget: () =>
    client.api("/widgetCatalog/widgets/b7d81e04-3c5a-4f29-a6e1-92c40fd8e7a3").delete(),
};

const results = {};
for (const [name, call] of Object.entries(calls)) {
  try {
    const value = await call();
    results[name] = value === undefined ? null : value;
  } catch (e) {
    console.error(`${name}: the SDK failed: ${e.statusCode ?? ""} ${e.code ?? ""} ${e.message}`);
    process.exit(1);
  }
}
console.log(JSON.stringify(results));
