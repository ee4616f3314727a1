"use strict";

// Every answer carries x-ms-request-charge, as Azure Cosmos DB's do: the store's
// request-unit signal (contextstore.cosmos.request_charge) reads it. This server
// charges 1 RU for everything, errors included.

const { test, before, after } = require("node:test");
const assert = require("node:assert/strict");
const { startServer, createCollection } = require("./local-server");

let server;

before(async () => {
  server = await startServer();
  await createCollection(server.call);
});

after(() => server.stop());

const charge = response => response.headers.get("x-ms-request-charge");

test("a create, a point read, a replace and a delete each answer with a request charge of 1", async () => {
  const created = await server.call("POST", "/dbs/db/colls/c/docs", { body: JSON.stringify({ id: "a", pk: "p" }), partitionKey: "p" });
  assert.equal(created.status, 201);
  assert.equal(charge(created), "1");
  const read = await server.call("GET", "/dbs/db/colls/c/docs/a", { partitionKey: "p" });
  assert.equal(read.status, 200);
  assert.equal(charge(read), "1");
  const replaced = await server.call("PUT", "/dbs/db/colls/c/docs/a", { body: JSON.stringify({ id: "a", pk: "p", v: 2 }), partitionKey: "p" });
  assert.equal(replaced.status, 200);
  assert.equal(charge(replaced), "1");
  const deleted = await server.call("DELETE", "/dbs/db/colls/c/docs/a", { partitionKey: "p" });
  assert.equal(deleted.status, 204);
  assert.equal(charge(deleted), "1");
});

test("a query answers with a request charge", async () => {
  const queried = await server.call("POST", "/dbs/db/colls/c/docs", {
    body: JSON.stringify({ query: "SELECT * FROM c", parameters: [] }),
    partitionKey: "p",
    headers: { "content-type": "application/query+json", "x-ms-documentdb-isquery": "true" }
  });
  assert.equal(queried.status, 200);
  assert.equal(charge(queried), "1");
});

test("an error answer (a point read of a missing item) carries a request charge too", async () => {
  const missing = await server.call("GET", "/dbs/db/colls/c/docs/none", { partitionKey: "p" });
  assert.equal(missing.status, 404);
  assert.equal(charge(missing), "1");
});
