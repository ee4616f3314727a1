"use strict";

// Correction 12: the package stores items of any size. Azure Cosmos DB refuses
// an item over 2 MB ("UTF-8 length of JSON representation") with
//   413 {"code":"RequestEntityTooLarge","message":"Message: {\"Errors\":[\"Request size is too large\"]}..."}
// and substatus 0, which the .NET SDK raises as CosmosException(RequestEntityTooLarge).
// Creates, replaces and upserts are measured here as sent: the UTF-8 bytes of
// the request body, which is the item's JSON as the client serialized it
// (escapes included). Over the limit, nothing is stored.

const { internal, replaceHandler } = require("../package");

const MAX_ITEM_BYTES = 2 * 1024 * 1024;

const TOO_LARGE = {
  code: "RequestEntityTooLarge",
  message: 'Message: {"Errors":["Request size is too large"]}'
};

// Bodies this correction has already read, for the package's JSON reader.
const bodiesRead = new WeakMap();

async function readBody(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return Buffer.concat(chunks);
}

function tooLarge(res) {
  res.statusCode = 413;
  res.setHeader("x-ms-substatus", "0");
  return { ...TOO_LARGE };
}

const refusingOversizedItems = handler => async (account, req, res, params) => {
  const body = await readBody(req);
  if (body.length > MAX_ITEM_BYTES) return tooLarge(res);
  bodiesRead.set(req, body);
  return handler(account, req, res, params);
};

function apply() {
  // The handlers read their body through this module's default export at
  // request time; it takes the body from here when the stream is consumed.
  const json = internal("json");
  const readJson = json.default;
  json.default = async req => (bodiesRead.has(req) ? JSON.parse(bodiesRead.get(req).toString()) : readJson(req));

  replaceHandler("create-document", refusingOversizedItems);
  replaceHandler("replace-document", refusingOversizedItems);
  replaceHandler("upsert-document", refusingOversizedItems);
}

module.exports = { apply, MAX_ITEM_BYTES };
