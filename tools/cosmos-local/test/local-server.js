"use strict";

// A corrected server on a free loopback port for one test file, and the few
// REST calls the tests make (no auth: the server does not check signatures).

const { createServer } = require("../lib/create-server");

async function startServer() {
  const server = createServer();
  await new Promise(resolve => server.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${server.address().port}`;

  const call = async (method, path, { body, partitionKey, headers = {} } = {}) => {
    const response = await fetch(base + path, {
      method,
      headers: {
        "content-type": "application/json",
        ...(partitionKey === undefined ? {} : { "x-ms-documentdb-partitionkey": JSON.stringify([partitionKey]) }),
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

  return { call, stop };
}

// A database "db" with a collection "c" partitioned by /pk.
async function createCollection(call) {
  await call("POST", "/dbs", { body: JSON.stringify({ id: "db" }) });
  const created = await call("POST", "/dbs/db/colls", {
    body: JSON.stringify({ id: "c", partitionKey: { paths: ["/pk"], kind: "Hash" } })
  });
  if (created.status !== 201) throw new Error(`collection not created: ${created.status}`);
}

module.exports = { startServer, createCollection };
