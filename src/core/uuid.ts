// UUID v4 for eventId, did and sid. crypto.randomUUID costs about 2 µs a call in Chromium (a
// fifth of track()'s budget), and needs a secure context: random bytes are drawn 4 KB at a time
// instead and formatted from a table.

/** Random bytes drawn per getRandomValues call: 256 UUIDs. */
const POOL_BYTES = 4096;
const HEX = Array.from({ length: 256 }, (_, i) => (i + 256).toString(16).slice(1));
let pool = new Uint8Array(0);
let pos = 0;

export const uuid = (): string => {
  if (pos >= pool.length) {
    pool = crypto.getRandomValues(new Uint8Array(POOL_BYTES));
    pos = 0;
  }
  const b = pool;
  b[pos + 6] = (b[pos + 6]! & 15) | 64; // version 4
  b[pos + 8] = (b[pos + 8]! & 63) | 128; // variant 10xx
  let s = '';
  for (let j = 0; j < 16; j++) s += (j === 4 || j === 6 || j === 8 || j === 10 ? '-' : '') + HEX[b[pos++]!];
  return s;
};

const UUID = /^[\da-f]{8}(-[\da-f]{4}){3}-[\da-f]{12}$/i;

/** True for a UUID-shaped string (a caller-supplied eventId must look like one). */
export const isUuid = (value: unknown): value is string => typeof value === 'string' && UUID.test(value);
