"use strict";

// Writes into a container that does not exist (yet) answer Azure Cosmos DB's
// 404, which the SDK raises as CosmosException(NotFound), not a 500.

const { test, before, after } = require("node:test");
const assert = require("node:assert/strict");
const { startServer, createCollection } = require("./local-server");

let server;

before(async () => {
  server = await startServer();
  await createCollection(server.call);
});

after(() => server.stop());

test("a create in a container that does not exist answers 404, as Azure does, not 500", async () => {
  const created = await server.call("POST", "/dbs/db/colls/missing/docs", { body: JSON.stringify({ id: "a", pk: "p" }), partitionKey: "p" });
  assert.equal(created.status, 404);
  assert.equal(created.body.code, "NotFound");
});
