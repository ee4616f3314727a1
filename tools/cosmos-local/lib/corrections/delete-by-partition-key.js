"use strict";

// Correction 14: delete items by partition key, which the package does not
// route. Microsoft.Azure.Cosmos (GA since 3.45.0) sends
// Container.DeleteAllItemsByPartitionKeyStreamAsync as
//   POST /dbs/{db}/colls/{coll}/operations/partitionkeydelete
// with the key in x-ms-documentdb-partitionkey and no body. As Azure Cosmos DB
// documents it (learn.microsoft.com/azure/cosmos-db/nosql/how-to-delete-by-partition-key):
// - 200; the items then stored under that key are gone at once for reads and
//   queries, and removed in the background (../background-removal.js); an
//   item written afterwards under the key (even with a deleted id) stays;
// - only a complete key: a prefix of a hierarchical key answers 400 with
//   substatus 1001 (PartitionKeyMismatch), as the SDK's own emulator test
//   PartitionKeyDeleteTestForSubpartitionedContainer expects.
// Azure also needs the account capability DeleteAllItemsByPartitionKey
// (preview); this server always accepts the request.

const url = require("node:url");
const { internal } = require("../package");
const { CosmosError, answer } = require("../cosmos-error");
const { contextOf } = require("../server-context");

const PATH = "/dbs/:dbId/colls/:collId/operations/partitionkeydelete";
const PARTITION_KEY_MISMATCH = 1001;

const mismatch = () =>
  new CosmosError(
    400,
    PARTITION_KEY_MISMATCH,
    "BadRequest",
    "Partition key provided either doesn't correspond to definition in the collection or doesn't match partition key field values specified in the document."
  );

function headerKey(req) {
  const raw = req.headers["x-ms-documentdb-partitionkey"];
  const text = Array.isArray(raw) ? raw[0] : raw;
  if (!text) return null;
  try {
    const key = JSON.parse(text);
    return Array.isArray(key) ? key : [key];
  } catch (err) {
    return null;
  }
}

async function deleteByPartitionKey(account, req, res, { dbId, collId }) {
  req.resume(); // no body
  const collection = account.database(dbId).collection(collId);
  const definition = collection.read();
  if (!definition) {
    res.statusCode = 404;
    return { code: "NotFound", message: "Resource Not Found." };
  }
  const key = headerKey(req);
  const paths = collection.documents._partitionKeyPath;
  if (!key || key.length !== paths.length) return answer(res, mismatch());

  const context = contextOf(req);
  if (!context) throw new Error("delete by partition key needs a server made by lib/create-server.js");
  context.removal.deletePartition(collection.documents, JSON.stringify(key));
  res.statusCode = 200;
  return undefined; // empty body
}

// Serves PATH before the package's router, which is loaded here: this must
// be the last correction (see ../package.js, replaceHandler).
function apply() {
  const match = internal("path-match").default(PATH);
  const routes = internal("routes");
  const route = routes.default;
  routes.default = req => {
    if (req.method === "POST") {
      let { pathname } = url.parse(req.url);
      if (pathname && pathname.startsWith("//")) pathname = pathname.slice(1);
      while (pathname && pathname.length > 1 && pathname.endsWith("/")) pathname = pathname.slice(0, -1);
      const params = pathname && match(pathname);
      if (params) return [params, deleteByPartitionKey];
    }
    return route(req);
  };
}

module.exports = { apply };
