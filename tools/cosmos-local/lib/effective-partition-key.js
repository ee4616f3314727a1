"use strict";

// Effective partition key (EPK) of a MultiHash (hierarchical, version 2)
// partition key, as the SDK computes it: for each component, MurmurHash3
// x64-128 of its typed binary form, bytes reversed, top two bits cleared, as
// upper-case hex; the components' hashes concatenated. A prefix query arrives
// as the range [EPK(prefix), EPK(prefix) + "FF").

const { murmurHash3x64128 } = require("./murmur-hash3");

const MARKER = { undefined: 0x00, null: 0x01, false: 0x02, true: 0x03, number: 0x05, string: 0x08 };

function componentBytes(value) {
  if (typeof value === "string") {
    return Buffer.concat([Buffer.from([MARKER.string]), Buffer.from(value, "utf8"), Buffer.from([0xff])]);
  }
  if (typeof value === "number") {
    const bytes = Buffer.alloc(9);
    bytes[0] = MARKER.number;
    bytes.writeDoubleLE(value, 1);
    return bytes;
  }
  if (value === true) return Buffer.from([MARKER.true]);
  if (value === false) return Buffer.from([MARKER.false]);
  if (value === null) return Buffer.from([MARKER.null]);
  return Buffer.from([MARKER.undefined]); // undefined, or {} from the SDK
}

function componentHash(value) {
  const [h1, h2] = murmurHash3x64128(componentBytes(value));
  const bytes = Buffer.alloc(16);
  bytes.writeBigUInt64LE(h1, 0);
  bytes.writeBigUInt64LE(h2, 8);
  bytes.reverse();
  bytes[0] &= 0x3f;
  return bytes.toString("hex").toUpperCase();
}

function multiHashEpk(values) {
  return values.map(componentHash).join("");
}

module.exports = { multiHashEpk };
