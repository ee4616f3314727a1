"use strict";

// MurmurHash3 x64 128-bit (Austin Appleby's public-domain algorithm), the
// hash Cosmos DB uses for hash-v2 and MultiHash partition keys.
// Returns [h1, h2] as unsigned 64-bit BigInts.

const MASK = (1n << 64n) - 1n;
const C1 = 0x87c37b91114253d5n;
const C2 = 0x4cf5ad432745937fn;

const rotl = (x, r) => ((x << r) | (x >> (64n - r))) & MASK;
const mul = (a, b) => (a * b) & MASK;

function fmix(k) {
  k ^= k >> 33n;
  k = mul(k, 0xff51afd7ed558ccdn);
  k ^= k >> 33n;
  k = mul(k, 0xc4ceb9fe1a85ec53n);
  k ^= k >> 33n;
  return k;
}

const mixK1 = k1 => mul(rotl(mul(k1, C1), 31n), C2);
const mixK2 = k2 => mul(rotl(mul(k2, C2), 33n), C1);

function murmurHash3x64128(bytes, seed = 0n) {
  let h1 = seed;
  let h2 = seed;
  const length = bytes.length;
  const blocks = Math.floor(length / 16);
  for (let i = 0; i < blocks; i += 1) {
    h1 ^= mixK1(bytes.readBigUInt64LE(i * 16));
    h1 = (mul(((rotl(h1, 27n) + h2) & MASK), 5n) + 0x52dce729n) & MASK;
    h2 ^= mixK2(bytes.readBigUInt64LE(i * 16 + 8));
    h2 = (mul(((rotl(h2, 31n) + h1) & MASK), 5n) + 0x38495ab5n) & MASK;
  }
  const tail = blocks * 16;
  const rest = length - tail;
  let k1 = 0n;
  let k2 = 0n;
  for (let i = rest - 1; i >= 8; i -= 1) k2 ^= BigInt(bytes[tail + i]) << BigInt((i - 8) * 8);
  if (rest > 8) h2 ^= mixK2(k2);
  for (let i = Math.min(rest, 8) - 1; i >= 0; i -= 1) k1 ^= BigInt(bytes[tail + i]) << BigInt(i * 8);
  if (rest > 0) h1 ^= mixK1(k1);

  h1 ^= BigInt(length);
  h2 ^= BigInt(length);
  h1 = (h1 + h2) & MASK;
  h2 = (h2 + h1) & MASK;
  h1 = fmix(h1);
  h2 = fmix(h2);
  h1 = (h1 + h2) & MASK;
  h2 = (h2 + h1) & MASK;
  return [h1, h2];
}

module.exports = { murmurHash3x64128 };
