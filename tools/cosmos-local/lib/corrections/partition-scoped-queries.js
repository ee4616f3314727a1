"use strict";

// Correction 3: the package ignores the partition scope of a query and
// returns documents of every partition. The query handler is replaced by one
// that evaluates the query only over the documents in scope:
// - x-ms-documentdb-partitionkey (a full key): documents with that key;
// - x-ms-start-epk / x-ms-end-epk (how the SDK sends a prefix of a
//   hierarchical key): documents of a MultiHash collection whose effective
//   partition key is in [start, end). Other collections ignore EPK ranges.

const cosmosQuery = require("@zeit/cosmosdb-query");
const { internal, replaceHandler } = require("../package");
const { keyValues } = require("./hierarchical-keys");
const { multiHashEpk } = require("../effective-partition-key");
const { visibleDocuments } = require("../item-visibility");

const readItems = internal("handler/_read-items").default;
const json = internal("json").default;

function header(req, name) {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function headerKey(req) {
  const raw = header(req, "x-ms-documentdb-partitionkey");
  if (!raw) return null;
  let key;
  try {
    key = JSON.parse(raw);
  } catch (err) {
    return null;
  }
  if (!Array.isArray(key)) key = [key];
  // [{}] is the SDK's "no partition key" (PartitionKey.None): not a filter.
  if (key.length === 0 || (key.length === 1 && isEmptyObject(key[0]))) return null;
  return key;
}

function isEmptyObject(value) {
  return value !== null && typeof value === "object" && !Array.isArray(value) && Object.keys(value).length === 0;
}

function isTrue(req, name) {
  return String(req.headers[name] || "").toLowerCase() === "true";
}

function inPartition(paths, key) {
  const expected = key.map(v => JSON.stringify(v));
  return doc => {
    const actual = keyValues(paths.slice(0, key.length), doc);
    return actual.every((v, i) => JSON.stringify(v) === expected[i]);
  };
}

function epkRange(req) {
  const start = header(req, "x-ms-start-epk");
  const end = header(req, "x-ms-end-epk");
  if (start === undefined && end === undefined) return null;
  return { start: (start || "").toUpperCase(), end: (end || "FF").toUpperCase() };
}

// Documents are replaced, never mutated, on write, so a cache keyed by the
// stored object stays right.
const epkCache = new WeakMap();

function inEpkRange(paths, { start, end }) {
  return doc => {
    let epk = epkCache.get(doc);
    if (epk === undefined) {
      epk = multiHashEpk(keyValues(paths, doc));
      epkCache.set(doc, epk);
    }
    return epk >= start && epk < end;
  };
}

function isMultiHash(definition) {
  const partitionKey = definition.partitionKey || {};
  return partitionKey.kind === "MultiHash" || (partitionKey.paths || []).length > 1;
}

// Items.query of the package, over a subset of the visible documents
// (expired ones and those of a deleted partition key are left out).
function queryDocuments(documents, params, { maxItemCount, continuation }, keep) {
  const collection = documents._parent.read();
  const data = visibleDocuments(documents).filter(keep);
  const indexingPolicy = collection.indexingPolicy || {};
  try {
    return documents._getQuery(params.query).exec(data, {
      parameters: params.parameters,
      udf: documents._userDefinedFunctions(),
      maxItemCount,
      continuation,
      compositeIndexes: indexingPolicy.compositeIndexes || []
    });
  } catch (err) {
    err.badRequest = true;
    throw err;
  }
}

async function queryHandler(account, req, res, { dbId, collId }) {
  return readItems(req, res, "Documents", async ({ continuation, maxItemCount }) => {
    const body = await json(req);
    if (!body.query) {
      res.statusCode = 400;
      return { code: "BadRequest", message: "missing query" };
    }
    const collection = account.database(dbId).collection(collId);
    const definition = collection.read();
    if (!definition) return null; // 404
    const paths = ((definition.partitionKey || {}).paths || []).slice();
    const key = headerKey(req);
    const range = epkRange(req);
    if (!key && !range && !isTrue(req, "x-ms-documentdb-query-enablecrosspartition")) {
      if (paths.length && !cosmosQuery.default(body.query).containsPartitionKeys(paths)) {
        res.statusCode = 400;
        return { code: "BadRequest", message: "missing partition keys" };
      }
    }
    let keep = () => true;
    if (key && paths.length) keep = inPartition(paths, key.slice(0, paths.length));
    else if (range && isMultiHash(definition)) keep = inEpkRange(paths, range);
    try {
      return queryDocuments(collection.documents, body, { continuation, maxItemCount }, keep);
    } catch (err) {
      if (err.badRequest) {
        res.statusCode = 400;
        return { code: "BadRequest", message: err.message };
      }
      throw err;
    }
  });
}

function apply() {
  replaceHandler("query-documents", () => queryHandler);
}

module.exports = { apply };
