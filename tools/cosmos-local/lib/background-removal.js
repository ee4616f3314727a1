"use strict";

// Removes, in the background, the items Azure Cosmos DB would remove in the
// background: expired items (time to live) and the items of a deleted
// partition key. They are already hidden from every read (./item-visibility.js);
// this frees them. Work is bounded per tick (maxPerTick items looked at), ticks
// run every intervalMs and back to back (setImmediate, so requests are served
// in between) while work is due, and no timer keeps the process alive.

const { performance } = require("node:perf_hooks");
const { internal } = require("./package");
const {
  PARTITION_DELETES,
  nextVersion,
  versionOf,
  defaultTtlOf,
  expiresAtMs,
  partitionKeyText
} = require("./item-visibility");

const getValue = internal("utils/get-value").default;

const DEFAULT_INTERVAL_MS = 200;
const DEFAULT_MAX_PER_TICK = 1000;
const MIN_COMPACT_AT = 65536;

// Frees one stored item. The id (and unique-key) index entries are dropped
// only if they still point to this item: after an expired item's id was
// created again, the index points to the new item.
function removeStored(documents, rid, doc) {
  documents._data.delete(rid);
  const partition = documents._getPartition(doc);
  for (const keyPath of documents._uniqueKeyPaths) {
    const value = getValue(keyPath.slice(1).split("/"), doc);
    const indexKey = documents._getId(keyPath, value, partition);
    if (documents._index.get(indexKey) === rid) documents._index.delete(indexKey);
  }
}

function storedVersion(documents, rid) {
  const item = documents._data.get(rid);
  const doc = item && item.read();
  return doc ? { doc, version: versionOf(doc) } : null;
}

// A binary min-heap of expiry entries {at, documents, rid, version}.
class ExpiryHeap {
  constructor() {
    this.entries = [];
  }

  get size() {
    return this.entries.length;
  }

  peek() {
    return this.entries[0];
  }

  push(entry) {
    const a = this.entries;
    a.push(entry);
    let i = a.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (a[parent].at <= a[i].at) break;
      [a[parent], a[i]] = [a[i], a[parent]];
      i = parent;
    }
  }

  pop() {
    const a = this.entries;
    const top = a[0];
    const last = a.pop();
    if (a.length > 0) {
      a[0] = last;
      this._down(0);
    }
    return top;
  }

  // Keeps only the entries for which keep(entry) is true.
  filter(keep) {
    this.entries = this.entries.filter(keep);
    for (let i = (this.entries.length >> 1) - 1; i >= 0; i -= 1) this._down(i);
  }

  _down(i) {
    const a = this.entries;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let smallest = i;
      if (left < a.length && a[left].at < a[smallest].at) smallest = left;
      if (right < a.length && a[right].at < a[smallest].at) smallest = right;
      if (smallest === i) return;
      [a[smallest], a[i]] = [a[i], a[smallest]];
      i = smallest;
    }
  }
}

class BackgroundRemoval {
  constructor({ now = Date.now, intervalMs = DEFAULT_INTERVAL_MS, maxPerTick = DEFAULT_MAX_PER_TICK } = {}) {
    if (!(intervalMs > 0)) throw new Error(`intervalMs must be positive, got ${intervalMs}`);
    if (!(Number.isInteger(maxPerTick) && maxPerTick > 0)) throw new Error(`maxPerTick must be a positive integer, got ${maxPerTick}`);
    this._now = now;
    this.intervalMs = intervalMs;
    this.maxPerTick = maxPerTick;
    this._expiries = new ExpiryHeap();
    this._compactAt = MIN_COMPACT_AT;
    this._partitionJobs = new Map(); // Documents -> {iterator, snapshot}
    this._interval = null;
    this._immediate = null;
    this.stats = { ticks: 0, expiredRemoved: 0, partitionItemsRemoved: 0, longestTickMs: 0 };
  }

  // An item version stored at rid expires at `at` (epoch ms).
  trackExpiry(documents, rid, version, at) {
    this._expiries.push({ at, documents, rid, version });
    if (this._expiries.size >= this._compactAt) this._compact();
  }

  // Tracks every stored item of a collection again, after its defaultTtl changed.
  trackCollection(documents) {
    const defaultTtl = defaultTtlOf(documents);
    for (const [rid, item] of documents._data) {
      const doc = item.read();
      const at = expiresAtMs(doc, defaultTtl);
      if (at !== Infinity) this.trackExpiry(documents, rid, versionOf(doc), at);
    }
  }

  // Deletes the items now stored under a partition key (canonical text, see
  // partitionKeyText): hidden from now on, removed in the background. Items
  // written afterwards under the same key are not affected.
  deletePartition(documents, keyText) {
    if (!documents[PARTITION_DELETES]) documents[PARTITION_DELETES] = new Map();
    documents[PARTITION_DELETES].set(keyText, nextVersion());
    if (!this._partitionJobs.has(documents)) this._partitionJobs.set(documents, { iterator: null, snapshot: null });
    this._scheduleSoon();
  }

  // Items waiting for removal: tracked expiry entries (some may be stale) and
  // collections with partition-key deletes in progress.
  get pending() {
    return { expiryEntries: this._expiries.size, partitionDeletes: this._partitionJobs.size };
  }

  start() {
    if (this._interval) return;
    this._interval = setInterval(() => this._run(), this.intervalMs);
    this._interval.unref();
  }

  stop() {
    clearInterval(this._interval);
    this._interval = null;
    if (this._immediate) clearImmediate(this._immediate);
    this._immediate = null;
  }

  // One bounded step of work; true if more work is due now.
  tick() {
    const started = performance.now();
    const now = this._now();
    let budget = this.maxPerTick;
    budget = this._removeExpired(now, budget);
    if (budget > 0) this._removeDeletedPartitions(budget);
    const ms = performance.now() - started;
    this.stats.ticks += 1;
    if (ms > this.stats.longestTickMs) this.stats.longestTickMs = ms;
    return this._isDue(this._now());
  }

  _isDue(now) {
    const next = this._expiries.peek();
    return (next !== undefined && next.at <= now) || this._partitionJobs.size > 0;
  }

  _run() {
    if (this._immediate) return; // already draining
    if (!this._isDue(this._now())) return;
    const step = () => {
      this._immediate = null;
      if (this.tick() && this._interval) {
        this._immediate = setImmediate(step);
        this._immediate.unref();
      }
    };
    step();
  }

  _scheduleSoon() {
    if (!this._interval || this._immediate) return;
    this._immediate = setImmediate(() => {
      this._immediate = null;
      this._run();
    });
    this._immediate.unref();
  }

  _removeExpired(now, budget) {
    while (budget > 0) {
      const next = this._expiries.peek();
      if (next === undefined || next.at > now) break;
      this._expiries.pop();
      budget -= 1;
      const { documents, rid, version } = next;
      const stored = storedVersion(documents, rid);
      if (!stored || stored.version !== version) continue; // replaced or deleted since
      if (expiresAtMs(stored.doc, defaultTtlOf(documents)) > now) continue; // container TTL changed since
      removeStored(documents, rid, stored.doc);
      this.stats.expiredRemoved += 1;
    }
    return budget;
  }

  // Walks each collection with partition-key deletes once per round of
  // deletes, across ticks (Map iterators stay valid while the map changes).
  _removeDeletedPartitions(budget) {
    for (const [documents, job] of this._partitionJobs) {
      const deletes = documents[PARTITION_DELETES];
      if (!job.iterator) {
        job.snapshot = new Map(deletes);
        job.iterator = documents._data.entries();
      }
      while (budget > 0) {
        const next = job.iterator.next();
        if (next.done) {
          // Deletes made during this walk (same key again) need another walk.
          for (const [keyText, version] of job.snapshot) {
            if (deletes.get(keyText) === version) deletes.delete(keyText);
          }
          job.iterator = null;
          job.snapshot = null;
          if (deletes.size === 0) this._partitionJobs.delete(documents);
          break;
        }
        budget -= 1;
        const [rid, item] = next.value;
        const doc = item.read();
        const before = deletes.get(partitionKeyText(documents, doc));
        if (before !== undefined && versionOf(doc) < before) {
          removeStored(documents, rid, doc);
          this.stats.partitionItemsRemoved += 1;
        }
      }
      if (budget <= 0) break;
    }
    return budget;
  }

  // Drops entries of item versions that were replaced or deleted since.
  _compact() {
    this._expiries.filter(({ documents, rid, version }) => {
      const stored = storedVersion(documents, rid);
      return stored !== null && stored.version === version;
    });
    this._compactAt = Math.max(MIN_COMPACT_AT, 2 * this._expiries.size);
  }
}

module.exports = { BackgroundRemoval };
