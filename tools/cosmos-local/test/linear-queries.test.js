"use strict";

// Correction 15: compiled queries append to the accumulator of each FROM and
// JOIN step instead of copying it, so a query costs time in proportion to the
// items in its scope; results and their order are unchanged.

const { test, before, after } = require("node:test");
const assert = require("node:assert/strict");
const { performance } = require("node:perf_hooks");
const cosmosQuery = require("@zeit/cosmosdb-query");
const { startServer, createCollection } = require("./local-server");
const { multiHashEpk } = require("../lib/effective-partition-key");

const COUNT = 100000;

let server;

before(async () => {
  server = await startServer();
});

after(() => server.stop());

const query = (path, text, headers) =>
  server.call("POST", path, {
    body: JSON.stringify({ query: text, parameters: [] }),
    headers: { "content-type": "application/query+json", "x-ms-documentdb-isquery": "true", ...headers }
  });

test("compiled FROM and JOIN steps append to their accumulator instead of copying it", () => {
  for (const text of ["SELECT * FROM c", "SELECT f.id FROM Families f JOIN c IN f.children JOIN p IN c.pets"]) {
    const { code } = cosmosQuery.default(text);
    assert.doesNotMatch(code, /\[\s*\.\.\.\$\s*,/, code);
    assert.match(code, /\$\.push\(/, code);
  }
});

test("queries answer as before: filters, ORDER BY, TOP, COUNT, joins and missing arrays", async () => {
  await createCollection(server.call, { id: "families" });
  const path = "/dbs/db/colls/families/docs";
  const families = [
    { id: "a", pk: "p", rank: 3, children: [{ name: "x", pets: [{ kind: "cat" }, { kind: "dog" }] }, { name: "y" }] },
    { id: "b", pk: "p", rank: 1, children: [] },
    { id: "c", pk: "p", rank: 2 }
  ];
  for (const family of families) {
    assert.equal((await server.call("POST", path, { body: JSON.stringify(family), partitionKey: "p" })).status, 201);
  }
  const rows = async text => (await query(path, text, { "x-ms-documentdb-partitionkey": '["p"]' })).body.Documents;

  assert.deepEqual(await rows("SELECT VALUE c.id FROM c WHERE c.rank > 1"), ["a", "c"]);
  assert.deepEqual(await rows("SELECT TOP 2 VALUE c.id FROM c ORDER BY c.rank DESC"), ["a", "c"]);
  assert.deepEqual(await rows("SELECT VALUE COUNT(1) FROM c"), [3]);
  assert.deepEqual(await rows("SELECT f.id, k.name FROM f JOIN k IN f.children"), [{ id: "a", name: "x" }, { id: "a", name: "y" }]);
  assert.deepEqual(await rows("SELECT VALUE p.kind FROM f JOIN k IN f.children JOIN p IN k.pets"), ["cat", "dog"]);
  assert.deepEqual(await rows("SELECT VALUE ARRAY_LENGTH(k) FROM c.children k"), [2, 0]);
  assert.deepEqual(await rows("SELECT VALUE k.name FROM k IN c.children"), ["x", "y"]);
});

test("a query scoped to a hierarchical-key prefix finds its TOP rows among 100,000 items", { timeout: 120000 }, async t => {
  await createCollection(server.call, {
    id: "sessions",
    partitionKey: { paths: ["/accountId", "/namespace", "/sessionId"], kind: "MultiHash", version: 2 }
  });
  const documents = server.context.documents("db", "sessions");
  for (let i = 0; i < COUNT; i += 1) {
    documents.create({ id: "session", accountId: "a", namespace: i % 2 ? "odd" : "even", sessionId: `s${i}`, n: i });
  }
  const prefix = multiHashEpk(["a", "odd"]);

  const started = performance.now();
  const response = await query(
    "/dbs/db/colls/sessions/docs",
    "SELECT TOP 500 VALUE c.n FROM c WHERE c.accountId = 'a' AND c['namespace'] = 'odd' ORDER BY c.n",
    { "x-ms-start-epk": prefix, "x-ms-end-epk": `${prefix}FF`, "x-ms-max-item-count": "1000" }
  );
  t.diagnostic(`TOP 500 of ${COUNT / 2} in scope among ${COUNT} items: ${(performance.now() - started).toFixed(0)} ms`);

  assert.equal(response.status, 200);
  assert.deepEqual(response.body.Documents, Array.from({ length: 500 }, (_, i) => 2 * i + 1));
});
