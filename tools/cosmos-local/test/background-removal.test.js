"use strict";

// Background removal at scale: 100,000 items go without holding up requests
// for long. The items are stored in-process through the package's own
// Documents.create (the path every REST write takes), as 100,000 REST calls
// would take about 15 s here; the clock is injected.

const { test, before, after } = require("node:test");
const assert = require("node:assert/strict");
const { performance } = require("node:perf_hooks");
const { startServer, createCollection } = require("./local-server");

const COUNT = 100000;
const MAX_PER_TICK = 1000; // the default
const START = Date.UTC(2030, 0, 1);
const MAX_READ_MS = 250; // one tick is about 3 ms here; generous for a busy machine
const DEADLINE_MS = 10000;

let now = START;
let server;

before(async () => {
  server = await startServer({ clock: () => now, removal: { intervalMs: 10, maxPerTick: MAX_PER_TICK } });
});

after(() => server.stop());

function seed(documents, count, doc) {
  const started = performance.now();
  for (let i = 0; i < count; i += 1) documents.create(doc(i));
  return performance.now() - started;
}

// Reads `path` back to back until done() or the deadline; the longest read.
async function readWhile(path, partitionKey, busy) {
  const started = performance.now();
  let longest = 0;
  let reads = 0;
  while (busy()) {
    assert.ok(performance.now() - started < DEADLINE_MS, `not done within ${DEADLINE_MS} ms`);
    const t = performance.now();
    const response = await server.call("GET", path, { partitionKey });
    longest = Math.max(longest, performance.now() - t);
    reads += 1;
    assert.equal(response.status, 200);
  }
  return { ms: performance.now() - started, longest, reads };
}

test("100,000 expired items are removed in the background while reads keep being answered", async t => {
  await createCollection(server.call, { id: "expiring", defaultTtl: 60 });
  const path = "/dbs/db/colls/expiring/docs";
  assert.equal((await server.call("POST", path, { body: JSON.stringify({ id: "live", pk: "p0", ttl: -1 }), partitionKey: "p0" })).status, 201);
  const documents = server.context.documents("db", "expiring");
  const seedMs = seed(documents, COUNT, i => ({ id: `i${i}`, pk: `p${i % 1000}` }));
  assert.equal((await server.call("GET", `${path}/live`, { partitionKey: "p0" })).status, 200); // warm

  const { removal } = server.context;
  const ticksBefore = removal.stats.ticks;
  now += 60 * 1000;
  const query = await server.call("POST", path, {
    body: JSON.stringify({ query: "SELECT VALUE COUNT(1) FROM c", parameters: [] }),
    headers: { "content-type": "application/query+json", "x-ms-documentdb-isquery": "true", "x-ms-documentdb-query-enablecrosspartition": "true" }
  });
  assert.deepEqual(query.body.Documents, [1], "expired items are hidden at once");

  const run = await readWhile(`${path}/live`, "p0", () => documents._data.size > 1);
  t.diagnostic(
    `seeded ${COUNT} in ${seedMs.toFixed(0)} ms; removed in ${run.ms.toFixed(0)} ms over ${removal.stats.ticks - ticksBefore} ticks ` +
      `(longest ${removal.stats.longestTickMs.toFixed(1)} ms); ${run.reads} reads meanwhile, longest ${run.longest.toFixed(1)} ms`
  );
  assert.equal(removal.stats.expiredRemoved, COUNT);
  assert.ok(removal.stats.ticks - ticksBefore >= COUNT / MAX_PER_TICK, "work is split into ticks of at most maxPerTick");
  assert.ok(run.reads >= 2, "reads were answered while removal ran");
  assert.ok(run.longest < MAX_READ_MS, `a read took ${run.longest.toFixed(1)} ms`);
});

test("deleting a key of 50,000 items among 100,000 answers at once and removes them in the background", async t => {
  await createCollection(server.call, { id: "keyed" });
  const path = "/dbs/db/colls/keyed/docs";
  const documents = server.context.documents("db", "keyed");
  seed(documents, COUNT, i => ({ id: `i${i}`, pk: i % 2 ? "deleted" : "kept" }));
  assert.equal((await server.call("GET", `${path}/i0`, { partitionKey: "kept" })).status, 200); // warm

  const { removal } = server.context;
  const ticksBefore = removal.stats.ticks;
  const started = performance.now();
  const deleted = await server.call("POST", "/dbs/db/colls/keyed/operations/partitionkeydelete", { partitionKey: "deleted" });
  const answerMs = performance.now() - started;
  assert.equal(deleted.status, 200);
  assert.equal((await server.call("GET", `${path}/i1`, { partitionKey: "deleted" })).status, 404, "hidden at once");

  const run = await readWhile(`${path}/i0`, "kept", () => documents._data.size > COUNT / 2);
  t.diagnostic(
    `delete answered in ${answerMs.toFixed(1)} ms; removed in ${run.ms.toFixed(0)} ms over ${removal.stats.ticks - ticksBefore} ticks (longest so far ${removal.stats.longestTickMs.toFixed(1)} ms); ` +
      `${run.reads} reads meanwhile, longest ${run.longest.toFixed(1)} ms`
  );
  assert.equal(removal.stats.partitionItemsRemoved, COUNT / 2);
  assert.ok(removal.stats.ticks - ticksBefore >= COUNT / MAX_PER_TICK, "the walk is split into ticks of at most maxPerTick");
  assert.ok(answerMs < MAX_READ_MS, `the delete took ${answerMs.toFixed(1)} ms`);
  assert.ok(run.longest < MAX_READ_MS, `a read took ${run.longest.toFixed(1)} ms`);
});
