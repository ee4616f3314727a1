"use strict";

// Which stored items a request may see. Azure Cosmos DB hides an item at once
// when its time to live has run out, or when its partition key was deleted by
// delete-by-partition-key, and removes it later in the background
// (./background-removal.js). The package stores items in
// documents._data (Map rid -> Document, whose read() is the stored object);
// every read path of the corrected server goes through isHidden.

const { keyValues } = require("./corrections/hierarchical-keys");

// The server context (./server-context.js) of the collection a Documents
// belongs to: its clock and its background removal.
const CONTEXT = Symbol("cosmos-local server context");
// Map partition-key text -> version: items of that key stored before that
// version are deleted (delete-by-partition-key), until removed.
const PARTITION_DELETES = Symbol("cosmos-local partition key deletes");

// Every stored item version gets a number, increasing with each write, so a
// partition-key delete can tell the items it covers from later writes.
const versions = new WeakMap();
let lastVersion = 0;

function nextVersion() {
  lastVersion += 1;
  return lastVersion;
}

function stamp(doc) {
  versions.set(doc, nextVersion());
}

function versionOf(doc) {
  return versions.get(doc) || 0;
}

function nowOf(documents) {
  const context = documents[CONTEXT];
  return context ? context.now() : Date.now();
}

function defaultTtlOf(documents) {
  const collection = documents._parent.read();
  return collection ? collection.defaultTtl : undefined;
}

// When the item expires, in epoch milliseconds (Infinity: never), as Cosmos DB
// documents it: no container defaultTtl (absent or null) = time to live off,
// item ttl ignored; otherwise the item's ttl, else the container's, counted in
// seconds from the item's last write (_ts); -1 = never.
function expiresAtMs(doc, defaultTtl) {
  if (defaultTtl === undefined || defaultTtl === null) return Infinity;
  const ttl = doc.ttl !== undefined ? doc.ttl : defaultTtl;
  if (!Number.isInteger(ttl) || ttl <= 0) return Infinity;
  return (doc._ts + ttl) * 1000;
}

// The canonical text of an item's (or a header's) partition key: the JSON
// array of its values, a missing one as {} (the SDK's "undefined" component).
function partitionKeyText(documents, doc) {
  return JSON.stringify(keyValues(documents._partitionKeyPath, doc));
}

function isDeletedByPartitionKey(documents, doc) {
  const deletes = documents[PARTITION_DELETES];
  if (!deletes || deletes.size === 0) return false;
  const before = deletes.get(partitionKeyText(documents, doc));
  return before !== undefined && versionOf(doc) < before;
}

function isHidden(documents, doc, now = nowOf(documents), defaultTtl = defaultTtlOf(documents)) {
  return expiresAtMs(doc, defaultTtl) <= now || isDeletedByPartitionKey(documents, doc);
}

// The stored objects of the items a request may see, in storage order.
function visibleDocuments(documents) {
  const now = nowOf(documents);
  const defaultTtl = defaultTtlOf(documents);
  const visible = [];
  for (const item of documents._data.values()) {
    const doc = item.read();
    if (!isHidden(documents, doc, now, defaultTtl)) visible.push(doc);
  }
  return visible;
}

module.exports = {
  CONTEXT,
  PARTITION_DELETES,
  nextVersion,
  stamp,
  versionOf,
  nowOf,
  defaultTtlOf,
  expiresAtMs,
  partitionKeyText,
  isHidden,
  visibleDocuments
};
