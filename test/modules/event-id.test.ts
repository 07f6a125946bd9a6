// The purchase / refund eventId: MurmurHash3 x86_128 as published, a UUID the core accepts, the same
// on every page load, different for every key and transaction.
import { describe, expect, it } from 'vitest';
import { isUuid } from '../../src/core/uuid.js';
import { eventIdFor, murmur128 } from '../../src/modules/ecommerce/event-id.js';

describe('murmur128', () => {
  it("is MurmurHash3 x86_128: SMHasher's verification value 0xB3ECE62A", () => {
    // SMHasher's VerificationTest: hash the keys {}, {0}, {0,1}, … {0…254} with seeds 256, 255, … 1,
    // then the concatenation of those 256 hashes (as bytes) with seed 0; the first 4 bytes, little-endian.
    const hashes = new Uint8Array(256 * 16);
    const key = new Uint8Array(256);
    for (let i = 0; i < 256; i++) {
      key[i] = i;
      murmur128(key.subarray(0, i), 256 - i).forEach((word, j) => {
        for (let b = 0; b < 4; b++) hashes[i * 16 + j * 4 + b] = (word >>> (8 * b)) & 255;
      });
    }
    expect(murmur128(hashes, 0)[0]).toBe(0xb3ece62a);
  });

  it('hashes the empty key with seed 0 to zero, as the reference does', () => {
    expect(murmur128(new Uint8Array(0))).toEqual([0, 0, 0, 0]);
  });
});

describe('eventIdFor', () => {
  it('is a version-8 UUID that the core takes as a caller eventId', () => {
    const id = eventIdFor('shop-key', 'order', 'T_12345');
    expect(id).toMatch(/^[\da-f]{8}-[\da-f]{4}-8[\da-f]{3}-[89ab][\da-f]{3}-[\da-f]{12}$/);
    expect(isUuid(id)).toBe(true);
  });

  it('is the same on every call and every page load (pinned: a changed derivation would duplicate orders across a release)', () => {
    expect(eventIdFor('shop-key', 'order', 'T_12345')).toBe(eventIdFor('shop-key', 'order', 'T_12345'));
    // computed by an independent port of Appleby's MurmurHash3.cpp, over the UTF-8 of "order\nshop-key\nT_12345"
    expect(eventIdFor('shop-key', 'order', 'T_12345')).toBe('c417871e-2572-8af6-80d3-2febceb53d68');
  });

  it('differs per key, per transaction, per kind, and for text beyond ASCII', () => {
    const ids = [
      eventIdFor('shop-key', 'order', 'T_12345'),
      eventIdFor('other-key', 'order', 'T_12345'),
      eventIdFor('shop-key', 'order', 'T_12346'),
      eventIdFor('shop-key', 'refund', 'T_12345'),
      eventIdFor('shop-key', 'order', 'Łódź-李-🙂'),
      eventIdFor('shop-key', 'order', 'Lodz-li-x'),
      eventIdFor('shop-key', 'order', ''),
    ];
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('spreads over the 122 free bits: 30,000 sequential order numbers, no collision, every bit set about half the time', () => {
    const n = 30_000;
    const seen = new Set<string>();
    const ones = new Array(128).fill(0);
    for (let i = 0; i < n; i++) {
      const id = eventIdFor('shop-key', 'order', String(1000 + i));
      seen.add(id);
      const hex = id.replace(/-/g, '');
      for (let b = 0; b < 128; b++) ones[b] += (parseInt(hex[b >> 2]!, 16) >> (3 - (b & 3))) & 1;
    }
    expect(seen.size).toBe(n);
    // bits 48–51 are the version (8 = 1000), 64–65 the variant (10)
    const fixed = new Map([
      [48, n],
      [49, 0],
      [50, 0],
      [51, 0],
      [64, n],
      [65, 0],
    ]);
    for (let b = 0; b < 128; b++)
      if (fixed.has(b)) expect(ones[b], `bit ${b}`).toBe(fixed.get(b));
      // 2% is about 7 standard deviations of a fair coin over 30,000 draws
      else expect(Math.abs(ones[b] / n - 0.5), `bit ${b}`).toBeLessThan(0.02);
  });
});
