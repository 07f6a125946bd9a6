// The eventId of a purchase or a refund, derived from the API key and the transaction id, so that a
// reloaded thank-you page, or a purchase pushed twice (or once as GA4 and once as UA), is one event
// at the collector, which drops copies by eventId. The core takes a caller's eventId only when it
// is UUID-shaped, so the id is a UUID version 8 (RFC 9562: vendor-specific, here a hash): the 128
// bits of MurmurHash3 x86_128 (seed 0) of the UTF-8 of `<kind>\n<apiKey>\n<id>`, as the hex of its
// words h1…h4, with the version and variant bits set (122 bits left).
//
// Why MurmurHash3: the id must be computed synchronously (crypto.subtle is async and needs a
// secure context), by small hand-written code (it ships in the module), the same on every browser,
// and spread over 128 bits so that a shop's distinct orders never share one. MurmurHash3 x86_128
// is the common non-cryptographic 128-bit hash, with a published check value (SMHasher's
// 0xB3ECE62A, which test/modules/event-id.test.ts recomputes), made of 32-bit multiplies that
// JavaScript does exactly (Math.imul). It is no MAC: whoever knows the key and a transaction id can
// compute the id, as with any id made from public inputs (docs/ecommerce.md, "Dedupe").

/** The lanes' multipliers (c1…c4) and the constants each lane adds per block. */
const C = [0x239b961b, 0xab0e9789, 0x38b34ae5, 0xa1e38b93];
const ADD = [0x561ccd1b, 0x0bcaa747, 0x96cd1c35, 0x32ac3b17];

const rotl = (x: number, r: number) => (x << r) | (x >>> (32 - r));
/** h1 += h2 + h3 + h4, then each other lane += h1 (MurmurHash3's finalization does it twice). */
const sum = (h: number[]) => {
  const h1 = (h[0]! + h[1]! + h[2]! + h[3]!) | 0;
  return h.map((x, j) => (j ? x + h1 : h1) | 0);
};

/** MurmurHash3 x86_128 of `key`: its four 32-bit words h1…h4 (unsigned). */
export function murmur128(key: Uint8Array, seed = 0): number[] {
  const n = key.length;
  const h = [seed, seed, seed, seed];
  for (let i = 0; i < n; i += 16)
    for (let j = 0; j < 4; j++) {
      const p = i + 4 * j;
      // little-endian; bytes past the end read as 0 (the tail block)
      const k = key[p]! | (key[p + 1]! << 8) | (key[p + 2]! << 16) | (key[p + 3]! << 24);
      h[j] = h[j]! ^ Math.imul(rotl(Math.imul(k, C[j]!), 15 + j), C[(j + 1) & 3]!);
      // a whole block also mixes the lanes (rotations 19, 17, 15, 13); the tail block does not
      if (i + 16 <= n) h[j] = (Math.imul(rotl(h[j]!, 19 - 2 * j) + h[(j + 1) & 3]!, 5) + ADD[j]!) | 0;
    }
  // fmix32 of each lane, between the two sums
  const f = sum(h.map((x) => x ^ n)).map((x) => {
    x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
    x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
    return x ^ (x >>> 16);
  });
  return sum(f).map((x) => x >>> 0);
}

/** The UUID (version 8) of `kind` (`order`, `refund`) `id` for this API key. */
export function eventIdFor(apiKey: string, kind: string, id: string): string {
  const [a, b, c, d] = murmur128(new TextEncoder().encode(kind + '\n' + apiKey + '\n' + id));
  // version 8 in the 13th hex digit, variant 10 in the 17th
  return [a!, (b! & ~0xf000) | 0x8000, (c! & 0x3fffffff) | 0x80000000, d!]
    .map((x) => (x >>> 0).toString(16).padStart(8, '0'))
    .join('')
    .replace(/(.{8})(.{4})(.{4})(.{4})/, '$1-$2-$3-$4-');
}
