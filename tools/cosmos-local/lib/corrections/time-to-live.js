"use strict";

// Correction 13: time to live. The package stores a container's defaultTtl and
// items' ttl but never expires anything. As Azure Cosmos DB documents it
// (learn.microsoft.com/azure/cosmos-db/time-to-live):
// - container defaultTtl absent or null: TTL off, item ttl ignored; -1: on,
//   items never expire unless their own ttl says so; n > 0: items expire n
//   seconds after their last write (_ts) unless their own ttl overrides it
//   (-1 = never);
// - ttl and defaultTtl must be -1 or a whole number 1..2147483647, else 400
//   "The input ttl '0' is invalid. Ensure to provide a nonzero positive
//   integer less than or equal to '2147483647', or '-1' which means never expire.";
// - an expired item is gone at once for point reads, queries, read feed,
//   replace, patch, delete (404) and create (no 409); it is removed later, in
//   the background (../background-removal.js).
// Also: replacing a container's properties kept its definition but lost all
// its items (the package built a new, empty collection); the items now stay.

const { internal, replaceHandler } = require("../package");
const { CosmosError, answeringCosmosErrors } = require("../cosmos-error");
const { contextOf } = require("../server-context");
const { CONTEXT, stamp, versionOf, nowOf, defaultTtlOf, expiresAtMs, isHidden, visibleDocuments } = require("../item-visibility");

const MAX_TTL = 2147483647;

function isValidTtl(value) {
  return value === -1 || (Number.isInteger(value) && value > 0 && value <= MAX_TTL);
}

function invalidTtl(name, value) {
  const text = typeof value === "string" ? value : JSON.stringify(value);
  return new CosmosError(
    400,
    0,
    "BadRequest",
    `The input ${name} '${text}' is invalid. Ensure to provide a nonzero positive integer less than or equal to '${MAX_TTL}', or '-1' which means never expire.`
  );
}

function checkItemTtl(data) {
  if (data && data.ttl !== undefined && !isValidTtl(data.ttl)) throw invalidTtl("ttl", data.ttl);
}

function checkDefaultTtl(data) {
  const value = data && data.defaultTtl;
  if (value !== undefined && value !== null && !isValidTtl(value)) throw invalidTtl("defaultTtl", value);
}

function correctDocuments() {
  const Documents = internal("account/documents").default;
  const Items = internal("account/items").default;
  const proto = Documents.prototype;

  const { create, replace, _set: set, _item: item } = Items.prototype;

  proto.create = function createDocument(data) {
    // A create in a container that does not exist (yet) is Azure's 404, not the
    // package's TypeError (500) on the missing parent.
    if (!this._parent.read()) {
      throw new CosmosError(404, 1003, "NotFound", "Owner resource does not exist");
    }
    checkItemTtl(data);
    return create.call(this, data);
  };

  proto.replace = function replaceDocument(data, original) {
    checkItemTtl(data);
    return replace.call(this, data, original);
  };

  // Every stored version: _ts from the server's clock, a version number, and
  // its expiry tracked for background removal.
  proto._set = function setDocument(data) {
    const doc = { ...data, _ts: Math.floor(nowOf(this) / 1000) };
    stamp(doc);
    const stored = set.call(this, doc);
    const context = this[CONTEXT];
    const at = expiresAtMs(doc, defaultTtlOf(this));
    if (context && at !== Infinity) context.removal.trackExpiry(this, doc._rid, versionOf(doc), at);
    return stored;
  };

  // Point operations, and the id checks of create and upsert, see only
  // visible items.
  proto._item = function visibleItem(keyPath, keyPathValue, partition) {
    const found = item.call(this, keyPath, keyPathValue, partition);
    const doc = found.read();
    return doc && isHidden(this, doc) ? this._newItem() : found;
  };

  // Items.query and Items.read over visible items only (conditional patch,
  // read feed / change feed).
  proto.query = function queryDocuments(params, { maxItemCount, continuation }) {
    const collection = this._parent.read();
    if (!collection) return null;
    const indexingPolicy = collection.indexingPolicy || {};
    try {
      return this._getQuery(params.query).exec(visibleDocuments(this), {
        parameters: params.parameters,
        udf: this._userDefinedFunctions(),
        maxItemCount,
        continuation,
        compositeIndexes: indexingPolicy.compositeIndexes || []
      });
    } catch (err) {
      err.badRequest = true;
      throw err;
    }
  };

  proto.read = function readDocuments({ maxItemCount, continuation } = {}) {
    if (!this._parent.read()) return null;
    return this._getQuery("SELECT * FROM c").exec(visibleDocuments(this), { maxItemCount, continuation });
  };
}

function correctCollections() {
  const Collections = internal("account/collections").default;
  const proto = Collections.prototype;
  const { create, replace } = proto;

  proto.create = function createCollection(data) {
    checkDefaultTtl(data);
    return create.call(this, data);
  };

  proto.replace = function replaceCollection(data, original) {
    checkDefaultTtl(data);
    const before = this._item("/id", original.id, original.id);
    const replaced = replace.call(this, data, original);
    const after = this._item("/id", replaced.id, replaced.id);
    if (after !== before) {
      for (const part of ["documents", "partitionKeyRanges", "userDefinedFunctions"]) {
        after[part] = before[part];
        after[part]._parent = after;
      }
    }
    const context = after.documents[CONTEXT];
    if (context && replaced.defaultTtl !== original.defaultTtl) context.removal.trackCollection(after.documents);
    return replaced;
  };
}

// A collection created here belongs to this server (clock, background removal).
const adoptingCollections = handler => async (account, req, res, params) => {
  const body = await handler(account, req, res, params);
  const context = contextOf(req);
  if (context && res.statusCode === 201 && body && body.id) {
    context.adopt(account, account.database(params.dbId).collection(body.id).documents);
  }
  return body;
};

function apply() {
  correctDocuments();
  correctCollections();
  replaceHandler("create-collection", adoptingCollections);
  for (const name of [
    "create-collection",
    "replace-collection",
    "create-document",
    "upsert-document",
    "replace-document",
    "patch-document",
    "batch-documents"
  ]) {
    replaceHandler(name, answeringCosmosErrors);
  }
}

module.exports = { apply };
