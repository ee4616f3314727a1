"use strict";

// A corrected server on a free loopback port for one test file, and the few
// REST calls the tests make (no auth: the server does not check signatures).

const { createServer, contextOf } = require("../lib/create-server");

// options: see createServer (clock, removal).
async function startServer(options = {}) {
  const server = createServer(options);
  await new Promise(resolve => server.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${server.address().port}`;

  const call = async (method, path, { body, partitionKey, headers = {} } = {}) => {
    const response = await fetch(base + path, {
      method,
      headers: {
        "content-type": "application/json",
        ...(partitionKey === undefined
          ? {}
          : { "x-ms-documentdb-partitionkey": JSON.stringify(Array.isArray(partitionKey) ? partitionKey : [partitionKey]) }),
        ...headers
      },
      body
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : null };
  };

  const stop = () =>
    new Promise(resolve => {
      server.close(resolve);
      server.closeAllConnections();
    });

  // context: the server's clock, background removal and stored items.
  return { call, stop, context: contextOf(server) };
}

// A database "db" (if missing) with a collection, by default "c" partitioned
// by /pk; `properties` are added to the collection's definition.
async function createCollection(call, properties = {}) {
  await call("POST", "/dbs", { body: JSON.stringify({ id: "db" }) });
  const created = await call("POST", "/dbs/db/colls", {
    body: JSON.stringify({ id: "c", partitionKey: { paths: ["/pk"], kind: "Hash" }, ...properties })
  });
  if (created.status !== 201) throw new Error(`collection not created: ${created.status} ${JSON.stringify(created.body)}`);
  return created.body;
}

module.exports = { startServer, createCollection };
