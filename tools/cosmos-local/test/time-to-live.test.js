"use strict";

// Correction 13: container defaultTtl and item ttl as Azure Cosmos DB
// documents them. The server's clock is injected, so nothing here sleeps but
// the one end-to-end test on the real clock.

const { test, before, after, beforeEach } = require("node:test");
const assert = require("node:assert/strict");
const { spawn } = require("node:child_process");
const path = require("node:path");
const { startServer, createCollection } = require("./local-server");
const { multiHashEpk } = require("../lib/effective-partition-key");

const START = Date.UTC(2030, 0, 1, 12, 0, 0); // a whole second
let now = START;
let server;
let call;
let collections = 0;

before(async () => {
  server = await startServer({ clock: () => now, removal: { maxPerTick: 2 } });
  ({ call } = server);
  server.context.removal.stop(); // run by hand where a test needs it: context.removal.tick()
});

after(() => server.stop());

beforeEach(() => {
  now = START;
});

// A new collection per test; returns its REST helpers.
async function collection(properties = {}) {
  collections += 1;
  const id = `c${collections}`;
  const created = await createCollection(call, { id, ...properties });
  const docs = `/dbs/db/colls/${id}/docs`;
  const hierarchical = ((properties.partitionKey || {}).paths || []).length > 1;
  const pkOf = doc => (hierarchical ? [doc.accountId, doc.namespace, doc.sessionId] : doc.pk);
  return {
    id,
    created,
    create: doc => call("POST", docs, { body: JSON.stringify(doc), partitionKey: pkOf(doc) }),
    upsert: doc =>
      call("POST", docs, { body: JSON.stringify(doc), partitionKey: pkOf(doc), headers: { "x-ms-documentdb-is-upsert": "true" } }),
    replace: doc => call("PUT", `${docs}/${doc.id}`, { body: JSON.stringify(doc), partitionKey: pkOf(doc) }),
    patch: (id, pk, operations) => call("PATCH", `${docs}/${id}`, { body: JSON.stringify(operations), partitionKey: pk }),
    remove: (id, pk) => call("DELETE", `${docs}/${id}`, { partitionKey: pk }),
    read: (id, pk = "a") => call("GET", `${docs}/${id}`, { partitionKey: pk }),
    query: (query, headers = {}) =>
      call("POST", docs, {
        body: JSON.stringify({ query, parameters: [] }),
        headers: {
          "content-type": "application/query+json",
          "x-ms-documentdb-isquery": "true",
          "x-ms-documentdb-query-enablecrosspartition": "true",
          ...headers
        }
      }),
    feed: () => call("GET", docs),
    stored: () => server.context.documents("db", id)._data.size
  };
}

const ids = response => response.body.Documents.map(d => d.id).sort();
const seconds = s => START + s * 1000;

function removeAll() {
  while (server.context.removal.tick());
}

function assertInvalidTtl(response, name, text) {
  assert.equal(response.status, 400, JSON.stringify(response.body));
  assert.equal(response.body.code, "BadRequest");
  assert.equal(response.headers.get("x-ms-substatus"), "0");
  assert.equal(
    response.body.message,
    `Message: {"Errors":["The input ${name} '${text}' is invalid. Ensure to provide a nonzero positive integer less than or equal to '2147483647', or '-1' which means never expire."]}`
  );
}

test("without a container defaultTtl nothing expires, whatever the item's ttl", async () => {
  const c = await collection();
  assert.equal((await c.create({ id: "own", pk: "a", ttl: 1 })).status, 201);
  assert.equal((await c.create({ id: "none", pk: "a" })).status, 201);
  now = seconds(10 * 365 * 24 * 3600);
  assert.equal((await c.read("own")).status, 200);
  assert.deepEqual(ids(await c.query("SELECT * FROM c")), ["none", "own"]);
  removeAll();
  assert.equal(c.stored(), 2);
});

test("defaultTtl -1: items never expire unless their own ttl says so, counted from _ts", async () => {
  const c = await collection({ defaultTtl: -1 });
  const created = await c.create({ id: "five", pk: "a", ttl: 5 });
  assert.equal(created.body._ts, START / 1000, "_ts comes from the server's clock");
  await c.create({ id: "never", pk: "a" });
  await c.create({ id: "minus-one", pk: "a", ttl: -1 });

  now = seconds(5) - 1;
  assert.equal((await c.read("five")).status, 200, "visible until _ts + ttl");
  now = seconds(5);
  const gone = await c.read("five");
  assert.equal(gone.status, 404);
  assert.equal(gone.body.code, "NotFound");
  now = seconds(100 * 365 * 24 * 3600);
  assert.deepEqual(ids(await c.query("SELECT * FROM c")), ["minus-one", "never"]);
});

test("defaultTtl n: items expire n seconds after _ts; an item's ttl overrides it (-1 never, m other)", async () => {
  const c = await collection({ defaultTtl: 10 });
  await c.create({ id: "default", pk: "a" });
  await c.create({ id: "never", pk: "a", ttl: -1 });
  await c.create({ id: "longer", pk: "a", ttl: 20 });
  await c.create({ id: "shorter", pk: "a", ttl: 3 });

  now = seconds(3);
  assert.deepEqual(ids(await c.query("SELECT * FROM c")), ["default", "longer", "never"]);
  now = seconds(10);
  assert.deepEqual(ids(await c.query("SELECT * FROM c")), ["longer", "never"]);
  now = seconds(20);
  assert.deepEqual(ids(await c.query("SELECT * FROM c")), ["never"]);
});

test("expiry counts from the last write: replace, upsert and patch restart it", async () => {
  const c = await collection({ defaultTtl: 10 });
  for (const id of ["replaced", "upserted", "patched", "untouched"]) await c.create({ id, pk: "a" });
  now = seconds(8);
  assert.equal((await c.replace({ id: "replaced", pk: "a", v: 1 })).status, 200);
  assert.equal((await c.upsert({ id: "upserted", pk: "a", v: 1 })).status, 200);
  const patched = await c.patch("patched", "a", [{ op: "set", path: "/v", value: 1 }]);
  assert.equal(patched.status, 200);
  assert.equal(patched.body._ts, START / 1000 + 8);

  now = seconds(10);
  assert.deepEqual(ids(await c.query("SELECT * FROM c")), ["patched", "replaced", "upserted"]);
  now = seconds(18);
  assert.deepEqual(ids(await c.query("SELECT * FROM c")), []);
});

test("an expired item is gone from point reads, queries (ORDER BY, TOP, COUNT) and the read feed", async () => {
  const c = await collection({ defaultTtl: -1 });
  for (let i = 1; i <= 6; i += 1) await c.create({ id: `i${i}`, pk: "a", n: i, ...(i % 2 ? { ttl: 5 } : {}) });
  now = seconds(5);

  for (const id of ["i1", "i3", "i5"]) assert.equal((await c.read(id)).status, 404);
  assert.deepEqual((await c.query("SELECT * FROM c ORDER BY c.n DESC")).body.Documents.map(d => d.id), ["i6", "i4", "i2"]);
  assert.deepEqual((await c.query("SELECT TOP 1 * FROM c ORDER BY c.n")).body.Documents.map(d => d.id), ["i2"]);
  assert.deepEqual((await c.query("SELECT VALUE COUNT(1) FROM c")).body.Documents, [3]);
  const partition = await c.query("SELECT * FROM c WHERE c.pk = 'a'", {
    "x-ms-documentdb-query-enablecrosspartition": "false",
    "x-ms-documentdb-partitionkey": '["a"]'
  });
  assert.deepEqual(ids(partition), ["i2", "i4", "i6"]);
  assert.deepEqual(ids(await c.feed()), ["i2", "i4", "i6"]);
  assert.equal(c.stored(), 6, "hidden at once, removed later");
});

test("prefix and full-key queries on a hierarchical key leave expired items out", async () => {
  const c = await collection({
    partitionKey: { paths: ["/accountId", "/namespace", "/sessionId"], kind: "MultiHash", version: 2 },
    defaultTtl: -1
  });
  const item = (sessionId, extra = {}) => ({ id: "s", accountId: "acc", namespace: "ns", sessionId, ...extra });
  await c.create(item("s1", { ttl: 2 }));
  await c.create(item("s2"));
  await c.create({ ...item("s3", { ttl: 2 }), namespace: "other" });
  now = seconds(2);

  const start = multiHashEpk(["acc", "ns"]);
  const prefix = await c.query("SELECT * FROM c WHERE c.accountId = 'acc' AND c.namespace = 'ns'", {
    "x-ms-start-epk": start,
    "x-ms-end-epk": `${start}FF`
  });
  assert.deepEqual(prefix.body.Documents.map(d => d.sessionId), ["s2"]);
  const count = await c.query("SELECT VALUE COUNT(1) FROM c WHERE c.accountId = 'acc'", {
    "x-ms-start-epk": multiHashEpk(["acc"]),
    "x-ms-end-epk": `${multiHashEpk(["acc"])}FF`
  });
  assert.deepEqual(count.body.Documents, [1]);
  const full = await c.query("SELECT * FROM c", {
    "x-ms-documentdb-query-enablecrosspartition": "false",
    "x-ms-documentdb-partitionkey": JSON.stringify(["acc", "ns", "s1"])
  });
  assert.deepEqual(full.body.Documents, []);
  assert.equal((await c.read("s", ["acc", "ns", "s1"])).status, 404);
  assert.equal((await c.read("s", ["acc", "ns", "s2"])).status, 200);
});

test("replace, patch and delete of an expired item answer 404; create and upsert of its id succeed", async () => {
  const c = await collection({ defaultTtl: 5 });
  for (const id of ["r", "p", "d", "c", "u"]) await c.create({ id, pk: "a", old: true });
  now = seconds(5);

  assert.equal((await c.replace({ id: "r", pk: "a" })).status, 404);
  assert.equal((await c.patch("p", "a", [{ op: "set", path: "/v", value: 1 }])).status, 404);
  const deleted = await c.remove("d", "a");
  assert.equal(deleted.status, 404);
  assert.equal(deleted.body.code, "NotFound");

  const created = await c.create({ id: "c", pk: "a" });
  assert.equal(created.status, 201);
  assert.equal(created.body.old, undefined);
  const upserted = await c.upsert({ id: "u", pk: "a" });
  assert.equal(upserted.status, 201, "an upsert over an expired item creates");
  assert.equal(upserted.body.old, undefined);
  assert.deepEqual(ids(await c.query("SELECT * FROM c")), ["c", "u"]);
});

test("an item's ttl must be -1 or a whole number 1..2147483647; otherwise 400 and nothing is stored", async () => {
  const c = await collection({ defaultTtl: -1 });
  for (const [ttl, text] of [[0, "0"], [1.5, "1.5"], [null, "null"], ["10", "10"], [-2, "-2"], [2147483648, "2147483648"]]) {
    assertInvalidTtl(await c.create({ id: "x", pk: "a", ttl }), "ttl", text);
    assertInvalidTtl(await c.upsert({ id: "x", pk: "a", ttl }), "ttl", text);
  }
  assert.equal((await c.read("x")).status, 404);

  assert.equal((await c.create({ id: "max", pk: "a", ttl: 2147483647 })).status, 201);
  assert.equal((await c.create({ id: "x", pk: "a", ttl: -1 })).status, 201);
  assertInvalidTtl(await c.replace({ id: "x", pk: "a", ttl: 0 }), "ttl", "0");
  assertInvalidTtl(await c.patch("x", "a", [{ op: "set", path: "/ttl", value: 0 }]), "ttl", "0");
  assert.equal((await c.read("x")).body.ttl, -1, "a refused replace or patch keeps the stored version");
});

test("a container's defaultTtl must be -1 or a whole number 1..2147483647 (null: off), on create and replace", async () => {
  const refused = await call("POST", "/dbs/db/colls", {
    body: JSON.stringify({ id: "zero", partitionKey: { paths: ["/pk"], kind: "Hash" }, defaultTtl: 0 })
  });
  assertInvalidTtl(refused, "defaultTtl", "0");
  assert.equal((await call("GET", "/dbs/db/colls/zero")).status, 404);

  const c = await collection({ defaultTtl: null });
  assert.equal((await c.create({ id: "x", pk: "a", ttl: 1 })).status, 201);
  now = seconds(1);
  assert.equal((await c.read("x")).status, 200, "defaultTtl null is TTL off");

  const definition = (await call("GET", `/dbs/db/colls/${c.id}`)).body;
  assertInvalidTtl(await call("PUT", `/dbs/db/colls/${c.id}`, { body: JSON.stringify({ ...definition, defaultTtl: 1.5 }) }), "defaultTtl", "1.5");
});

test("the container read returns defaultTtl; replacing the properties changes it and keeps the items", async () => {
  const c = await collection();
  await c.create({ id: "plain", pk: "a" });
  await c.create({ id: "own", pk: "a", ttl: 3 });
  assert.equal(c.created.defaultTtl, undefined);

  const definition = (await call("GET", `/dbs/db/colls/${c.id}`)).body;
  const replaced = await call("PUT", `/dbs/db/colls/${c.id}`, { body: JSON.stringify({ ...definition, defaultTtl: 10 }) });
  assert.equal(replaced.status, 200);
  assert.equal((await call("GET", `/dbs/db/colls/${c.id}`)).body.defaultTtl, 10);
  assert.deepEqual(ids(await c.query("SELECT * FROM c")), ["own", "plain"], "the items stay");

  now = seconds(3);
  assert.deepEqual(ids(await c.query("SELECT * FROM c")), ["plain"], "the item's ttl now counts");
  now = seconds(10);
  assert.deepEqual(ids(await c.query("SELECT * FROM c")), []);
  removeAll();
  assert.equal(c.stored(), 0, "items written before TTL was on are removed too");
});

test("expired items are removed in the background, a bounded number per tick", async () => {
  const c = await collection({ defaultTtl: 1 });
  for (let i = 0; i < 5; i += 1) await c.create({ id: `i${i}`, pk: "a" });
  await c.create({ id: "kept", pk: "a", ttl: -1 });
  const { removal } = server.context;

  assert.equal(removal.tick(), false, "nothing due yet");
  assert.equal(c.stored(), 6);
  now = seconds(1);
  assert.equal(removal.tick(), true, "maxPerTick is 2: more is due");
  assert.equal(c.stored(), 4);
  removeAll();
  assert.equal(c.stored(), 1);
  assert.equal((await c.read("kept")).status, 200);
});

test("an id created again after expiry survives the removal of its expired predecessor", async () => {
  const c = await collection({ defaultTtl: -1 });
  await c.create({ id: "x", pk: "a", ttl: 1, generation: 1 });
  await c.create({ id: "gone", pk: "a", ttl: 2 });
  now = seconds(1);
  assert.equal((await c.create({ id: "x", pk: "a", generation: 2 })).status, 201);
  assert.equal(c.stored(), 3, "the expired predecessor is still stored");
  now = seconds(2);
  removeAll();
  assert.equal(c.stored(), 1);
  const read = await c.read("x");
  assert.equal(read.status, 200);
  assert.equal(read.body.generation, 2);
  assert.equal((await c.replace({ id: "x", pk: "a", generation: 3 })).status, 200);
  assert.equal((await c.remove("x", "a")).status, 204);
});

test("the background removal's timers do not keep the process alive", async () => {
  const script = `
    const { BackgroundRemoval } = require(${JSON.stringify(path.join(__dirname, "..", "lib", "background-removal.js"))});
    const removal = new BackgroundRemoval({ intervalMs: 10 });
    removal.start();
    removal.deletePartition({ _data: new Map(), _partitionKeyPath: ["/pk"] }, '["a"]');
  `;
  const child = spawn(process.execPath, ["-e", script], { stdio: "inherit" });
  const exited = new Promise(resolve => child.on("exit", code => resolve(code)));
  const timeout = new Promise(resolve => setTimeout(() => resolve("still running"), 5000).unref());
  const outcome = await Promise.race([exited, timeout]);
  if (outcome === "still running") child.kill();
  assert.equal(outcome, 0);
});

test("end to end on the real clock: an item with ttl 1 is gone within about a second, then removed", async () => {
  const real = await startServer({ removal: { intervalMs: 50 } });
  try {
    await createCollection(real.call, { defaultTtl: -1 });
    const created = await real.call("POST", "/dbs/db/colls/c/docs", { body: JSON.stringify({ id: "x", pk: "a", ttl: 1 }), partitionKey: "a" });
    assert.equal(created.status, 201);
    const started = Date.now();
    while ((await real.call("GET", "/dbs/db/colls/c/docs/x", { partitionKey: "a" })).status === 200) {
      assert.ok(Date.now() - started < 1500, "still readable 1.5 s after a ttl of 1 s");
      await new Promise(resolve => setTimeout(resolve, 20));
    }
    assert.ok(Date.now() <= (created.body._ts + 1) * 1000 + 250, "not readable after _ts + ttl");
    const documents = real.context.documents("db", "c");
    while (documents._data.size > 0) {
      assert.ok(Date.now() - started < 3000, "not removed in the background");
      await new Promise(resolve => setTimeout(resolve, 20));
    }
  } finally {
    await real.stop();
  }
});
