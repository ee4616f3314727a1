"use strict";

const { applyCorrections } = require("./corrections");
const { createHttpServer } = require("./package");
const { ServerContext, attachContext, contextOf } = require("./server-context");

// Longer than any client's idle-connection timeout, so the client, not the
// server, retires idle connections (no resets on a reused connection).
const KEEP_ALIVE_TIMEOUT_MS = 120 * 1000;

function traceRequests(server) {
  server.prependListener("request", (req, res) => {
    const started = process.hrtime.bigint();
    res.on("finish", () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      const flags = ["x-ms-documentdb-partitionkey", "x-ms-start-epk", "x-ms-end-epk", "x-ms-cosmos-is-query-plan-request"]
        .filter(h => req.headers[h] !== undefined)
        .map(h => `${h}=${req.headers[h]}`)
        .join(" ");
      process.stderr.write(`${req.method} ${req.url} ${res.statusCode} ${ms.toFixed(1)}ms ${flags}\n`);
    });
  });
}

// An HTTP (not HTTPS) server with the package's request handling, corrected,
// and with connections kept alive (correction 8).
// clock: () => epoch ms, for item _ts and expiry (tests inject one).
// removal: {intervalMs, maxPerTick} of the background removal of expired
// items and deleted partition keys (lib/background-removal.js).
function createServer({ trace = false, clock, removal } = {}) {
  applyCorrections();
  const server = createHttpServer({ keepAlive: true });
  attachContext(server, new ServerContext({ clock, removal }));
  server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  server.headersTimeout = KEEP_ALIVE_TIMEOUT_MS + 1000;
  if (trace) traceRequests(server);
  return server;
}

module.exports = { createServer, contextOf };
