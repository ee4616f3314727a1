"use strict";

const { test, before, after } = require("node:test");
const assert = require("node:assert/strict");
const { startServer, createCollection } = require("./local-server");
const { MAX_ITEM_BYTES } = require("../lib/corrections/item-size-limit");

let server;

before(async () => {
  server = await startServer();
  await createCollection(server.call);
});

after(() => server.stop());

// The JSON text of item {id, pk: "a", v} padded with `fill` to exactly `bytes` UTF-8 bytes.
function itemOfBytes(id, bytes, fill = "x") {
  const empty = JSON.stringify({ id, pk: "a", v: "" });
  const fillBytes = Buffer.byteLength(fill);
  const count = Math.floor((bytes - Buffer.byteLength(empty)) / fillBytes);
  const text = JSON.stringify({ id, pk: "a", v: fill.repeat(count) + "x".repeat(bytes - Buffer.byteLength(empty) - count * fillBytes) });
  assert.equal(Buffer.byteLength(text), bytes);
  return text;
}

const create = (id, body) => server.call("POST", "/dbs/db/colls/c/docs", { body, partitionKey: "a" });
const upsert = body =>
  server.call("POST", "/dbs/db/colls/c/docs", { body, partitionKey: "a", headers: { "x-ms-documentdb-is-upsert": "true" } });
const replace = (id, body) => server.call("PUT", `/dbs/db/colls/c/docs/${id}`, { body, partitionKey: "a" });
const read = id => server.call("GET", `/dbs/db/colls/c/docs/${id}`, { partitionKey: "a" });

function assertTooLarge(response) {
  assert.equal(response.status, 413);
  assert.equal(response.body.code, "RequestEntityTooLarge");
  assert.match(response.body.message, /Request size is too large/);
  assert.equal(response.headers.get("x-ms-substatus"), "0");
}

test("an item of exactly 2 MB is stored", async () => {
  const created = await create("at-limit", itemOfBytes("at-limit", MAX_ITEM_BYTES));
  assert.equal(created.status, 201);
  assert.equal((await read("at-limit")).body.v.length, created.body.v.length);
});

test("a create one byte over 2 MB answers 413 RequestEntityTooLarge and stores nothing", async () => {
  assertTooLarge(await create("over", itemOfBytes("over", MAX_ITEM_BYTES + 1)));
  assert.equal((await read("over")).status, 404);
});

test("an upsert over 2 MB answers 413 and stores nothing", async () => {
  assertTooLarge(await upsert(itemOfBytes("upserted", MAX_ITEM_BYTES + 1)));
  assert.equal((await read("upserted")).status, 404);
});

test("a replace over 2 MB answers 413 and keeps the stored version", async () => {
  assert.equal((await create("kept", JSON.stringify({ id: "kept", pk: "a", v: "old" }))).status, 201);
  assertTooLarge(await replace("kept", itemOfBytes("kept", MAX_ITEM_BYTES + 1)));
  assert.equal((await read("kept")).body.v, "old");
});

test("the size is counted in UTF-8 bytes, not characters", async () => {
  const body = itemOfBytes("wide", MAX_ITEM_BYTES + 3, "日");
  assert.ok(body.length < MAX_ITEM_BYTES / 2, "fewer characters than half the limit");
  assertTooLarge(await create("wide", body));
  assert.equal((await read("wide")).status, 404);
});

test("writes under the limit still work after a refusal on the same connection", async () => {
  assertTooLarge(await create("again", itemOfBytes("again", MAX_ITEM_BYTES + 1)));
  assert.equal((await create("again", JSON.stringify({ id: "again", pk: "a" }))).status, 201);
  assert.equal((await upsert(JSON.stringify({ id: "again", pk: "a", v: 2 }))).status, 200);
  assert.equal((await replace("again", JSON.stringify({ id: "again", pk: "a", v: 3 }))).status, 200);
  assert.equal((await read("again")).body.v, 3);
});
