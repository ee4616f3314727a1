"use strict";

// What one server adds to the package's in-memory account: its clock (item
// _ts and expiry; injectable so tests need not sleep) and its background
// removal. Handlers find it through the request's socket; each collection's
// Documents carries it from its creation on.

const { BackgroundRemoval } = require("./background-removal");
const { CONTEXT } = require("./item-visibility");

const SERVER_CONTEXT = Symbol("cosmos-local server context");

class ServerContext {
  // clock: () => epoch milliseconds. removal: {intervalMs, maxPerTick}.
  constructor({ clock = Date.now, removal = {} } = {}) {
    if (typeof clock !== "function") throw new Error("clock must be a function returning epoch milliseconds");
    this.now = clock;
    this.removal = new BackgroundRemoval({ ...removal, now: clock });
    this.account = null;
  }

  // A collection was created on this server.
  adopt(account, documents) {
    this.account = account;
    documents[CONTEXT] = this;
  }

  // The Documents of a collection (the package's store), or null.
  documents(dbId, collId) {
    if (!this.account) return null;
    const collection = this.account.database(dbId).collection(collId);
    return collection.read() ? collection.documents : null;
  }
}

function attachContext(server, context) {
  server[SERVER_CONTEXT] = context;
  server.on("listening", () => context.removal.start());
  server.on("close", () => context.removal.stop());
}

function contextOf(reqOrServer) {
  const server = reqOrServer.socket ? reqOrServer.socket.server : reqOrServer;
  return (server && server[SERVER_CONTEXT]) || null;
}

module.exports = { ServerContext, attachContext, contextOf };
