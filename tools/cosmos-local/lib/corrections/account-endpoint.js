"use strict";

// The account document (GET /) advertises https://host:port as the write and
// read location; the SDK would move to that address. It is rewritten to the
// plain-HTTP address the request came in on (always http://127.0.0.1:PORT).

const { replaceHandler } = require("../package");

function endpointOf(req) {
  return `http://${req.socket.localAddress.replace(/^::ffff:/, "")}:${req.socket.localPort}/`;
}

const advertisingThisEndpoint = readMeta => async (account, req, res, params) => {
  const meta = await readMeta(account, req, res, params);
  const endpoint = endpointOf(req);
  const relocate = locations =>
    (locations || []).map(location => ({ ...location, databaseAccountEndpoint: endpoint }));
  return {
    ...meta,
    writableLocations: relocate(meta.writableLocations),
    readableLocations: relocate(meta.readableLocations)
  };
};

function apply() {
  replaceHandler("read-meta", advertisingThisEndpoint);
}

module.exports = { apply };
