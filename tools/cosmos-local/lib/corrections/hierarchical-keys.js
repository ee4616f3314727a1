"use strict";

// Correction 5: with hierarchical (MultiHash) partition keys the package keys a
// document by the FIRST key component and its id only, so the same id under
// another [accountId, namespace, sessionId] gives a false 409 and point
// operations can hit the wrong document. Here the identity of a document in a
// collection with several key paths becomes (whole key, id): the document's
// key values and the x-ms-documentdb-partitionkey header are both reduced to
// the same canonical JSON array text.

const { internal } = require("../package");

// A missing key component is sent by the SDK as {} ("undefined" component).
const UNDEFINED_COMPONENT = {};

function keyValues(paths, doc) {
  return paths.map(path => {
    const value = path
      .slice(1)
      .split("/")
      .reduce((node, key) => (node && typeof node === "object" ? node[key] : undefined), doc);
    return value === undefined ? UNDEFINED_COMPONENT : value;
  });
}

function apply() {
  const Documents = internal("account/documents").default;
  const originalGetPartition = Documents.prototype._getPartition;
  Documents.prototype._getPartition = function getPartition(data) {
    const paths = this._partitionKeyPath || [];
    if (paths.length < 2) return originalGetPartition.call(this, data);
    return JSON.stringify(keyValues(paths, data));
  };

  // Handlers call this through the module object at request time, so
  // replacing the export is enough.
  const header = internal("utils/get-partition-from-header");
  const originalParse = header.parsePartitionKey;
  header.parsePartitionKey = function parsePartitionKey(partitionKey, defaultValue) {
    let parsed;
    try {
      parsed = JSON.parse(partitionKey);
    } catch (err) {
      parsed = undefined;
    }
    if (Array.isArray(parsed) && parsed.length > 1) return JSON.stringify(parsed);
    return originalParse(partitionKey, defaultValue);
  };
}

module.exports = { apply, keyValues };
