"use strict";

// Correction 14: POST /dbs/{db}/colls/{coll}/operations/partitionkeydelete,
// what Container.DeleteAllItemsByPartitionKeyStreamAsync sends.

const { test, before, after } = require("node:test");
const assert = require("node:assert/strict");
const { startServer, createCollection } = require("./local-server");
const { multiHashEpk } = require("../lib/effective-partition-key");

let server;
let call;
let collections = 0;

before(async () => {
  server = await startServer({ removal: { maxPerTick: 3 } });
  ({ call } = server);
  server.context.removal.stop(); // run by hand: context.removal.tick()
});

after(() => server.stop());

const HIERARCHICAL = { paths: ["/accountId", "/namespace", "/sessionId"], kind: "MultiHash", version: 2 };

async function collection(partitionKey) {
  collections += 1;
  const id = `c${collections}`;
  await createCollection(call, partitionKey ? { id, partitionKey } : { id });
  const base = `/dbs/db/colls/${id}`;
  return {
    create: (doc, key) => call("POST", `${base}/docs`, { body: JSON.stringify(doc), partitionKey: key }),
    read: (docId, key) => call("GET", `${base}/docs/${docId}`, { partitionKey: key }),
    deleteKey: key => call("POST", `${base}/operations/partitionkeydelete`, { partitionKey: key }),
    query: (query, headers = {}) =>
      call("POST", `${base}/docs`, {
        body: JSON.stringify({ query, parameters: [] }),
        headers: {
          "content-type": "application/query+json",
          "x-ms-documentdb-isquery": "true",
          "x-ms-documentdb-query-enablecrosspartition": "true",
          ...headers
        }
      }),
    stored: () => server.context.documents("db", id)._data.size
  };
}

function session(accountId, namespace, sessionId, id = "session") {
  return [{ id, accountId, namespace, sessionId }, [accountId, namespace, sessionId]];
}

function removeAll() {
  while (server.context.removal.tick());
}

test("a complete hierarchical key: 200, its items are gone at once from reads and queries, others stay", async () => {
  const c = await collection(HIERARCHICAL);
  for (const id of ["session", "ttl", "properties"]) await c.create(...session("acc", "ns", "s1", id));
  await c.create(...session("acc", "ns", "s2"));
  await c.create(...session("acc", "other", "s1"));

  const deleted = await c.deleteKey(["acc", "ns", "s1"]);
  assert.equal(deleted.status, 200);
  assert.equal(deleted.body, null, "no body");

  for (const id of ["session", "ttl", "properties"]) assert.equal((await c.read(id, ["acc", "ns", "s1"])).status, 404);
  assert.equal((await c.read("session", ["acc", "ns", "s2"])).status, 200);
  assert.equal((await c.read("session", ["acc", "other", "s1"])).status, 200);
  const all = await c.query("SELECT c.namespace, c.sessionId FROM c ORDER BY c.namespace");
  assert.deepEqual(all.body.Documents, [
    { namespace: "ns", sessionId: "s2" },
    { namespace: "other", sessionId: "s1" }
  ]);
  const start = multiHashEpk(["acc", "ns"]);
  const prefix = await c.query("SELECT VALUE COUNT(1) FROM c WHERE c.accountId = 'acc' AND c.namespace = 'ns'", {
    "x-ms-start-epk": start,
    "x-ms-end-epk": `${start}FF`
  });
  assert.deepEqual(prefix.body.Documents, [1]);

  assert.equal(c.stored(), 5, "hidden at once, removed later");
  removeAll();
  assert.equal(c.stored(), 2);
});

test("items written under the key after the delete stay, even with a deleted id (no 409)", async () => {
  const c = await collection(HIERARCHICAL);
  await c.create(...session("acc", "ns", "s1", "old"));
  await c.create(...session("acc", "ns", "s1", "again"));
  assert.equal((await c.deleteKey(["acc", "ns", "s1"])).status, 200);

  const [doc, key] = session("acc", "ns", "s1", "again");
  const recreated = await c.create({ ...doc, generation: 2 }, key);
  assert.equal(recreated.status, 201);
  assert.equal((await c.create(...session("acc", "ns", "s1", "new"))).status, 201);
  removeAll();
  assert.equal(c.stored(), 2);
  assert.equal((await c.read("again", key)).body.generation, 2);
  assert.equal((await c.read("new", key)).status, 200);
  assert.equal((await c.read("old", key)).status, 404);
});

test("a prefix of a hierarchical key answers 400 PartitionKeyMismatch (1001) and deletes nothing", async () => {
  const c = await collection(HIERARCHICAL);
  await c.create(...session("acc", "ns", "s1"));
  for (const prefix of [["acc", "ns"], ["acc"]]) {
    const refused = await c.deleteKey(prefix);
    assert.equal(refused.status, 400);
    assert.equal(refused.headers.get("x-ms-substatus"), "1001");
    assert.equal(refused.body.code, "BadRequest");
    assert.match(
      refused.body.message,
      /Partition key provided either doesn't correspond to definition in the collection or doesn't match partition key field values specified in the document\./
    );
  }
  assert.equal((await c.read("session", ["acc", "ns", "s1"])).status, 200);
  removeAll();
  assert.equal(c.stored(), 1);
});

test("a single-path key deletes that key's items only", async () => {
  const c = await collection();
  await c.create({ id: "1", pk: "a" }, "a");
  await c.create({ id: "2", pk: "a" }, "a");
  await c.create({ id: "1", pk: "b" }, "b");
  assert.equal((await c.deleteKey("a")).status, 200);
  assert.equal((await c.read("1", "a")).status, 404);
  assert.equal((await c.read("1", "b")).status, 200);
  assert.deepEqual((await c.query("SELECT VALUE COUNT(1) FROM c")).body.Documents, [1]);
});

test("no partition key header answers 400; a missing container 404", async () => {
  await collection();
  const base = `/dbs/db/colls/c${collections}/operations/partitionkeydelete`;
  assert.equal((await call("POST", base)).status, 400);
  assert.equal((await call("POST", "/dbs/db/colls/missing/operations/partitionkeydelete", { partitionKey: "a" })).status, 404);
});

test("removal walks the collection a bounded number of items per tick", async () => {
  const c = await collection();
  for (let i = 0; i < 10; i += 1) await c.create({ id: `a${i}`, pk: "a" }, "a");
  await c.create({ id: "b", pk: "b" }, "b");
  const { removal } = server.context;
  removeAll(); // what earlier tests left
  assert.equal((await c.deleteKey("a")).status, 200);

  assert.equal(removal.tick(), true, "maxPerTick is 3: the walk goes on");
  assert.equal(c.stored(), 8);
  removeAll();
  assert.equal(c.stored(), 1);
  assert.equal((await c.read("b", "b")).status, 200);
  assert.equal(removal.pending.partitionDeletes, 0);
});

test("a key deleted again while a walk is under way stays deleted, including items the walk has passed", async () => {
  const c = await collection();
  await c.create({ id: "b1", pk: "b" }, "b");
  await c.create({ id: "b2", pk: "b" }, "b");
  const { removal } = server.context;
  removeAll(); // what earlier tests left
  assert.equal((await c.deleteKey("a")).status, 200);
  assert.equal((await c.create({ id: "x", pk: "a" }, "a")).status, 201, "written after the first delete");

  removal.tick(); // the walk passes b1, b2 and x (maxPerTick 3), and keeps x
  assert.equal((await c.read("x", "a")).status, 200);
  assert.equal((await c.deleteKey("a")).status, 200);
  assert.equal((await c.read("x", "a")).status, 404);
  removeAll();
  assert.equal((await c.read("x", "a")).status, 404);
  assert.equal(c.stored(), 2);
});
