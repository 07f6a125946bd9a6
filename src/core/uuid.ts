// UUID v4 for eventId, did and sid. crypto.randomUUID costs about 2 µs a call in Chromium (ten
// times this; a fifth of track()'s budget), and needs a secure context: random bytes are drawn
// 4 KB at a time instead, into one reused pool, and formatted from a table. The table and the pool
// are made on the first call, not when the script runs: building them took about 0.6 ms of the
// core's start-up (load -> ready) in Chromium, and the first id is needed only after it.

let hex: string[];
/** 256 UUIDs of random bytes per getRandomValues call. */
let pool: Uint8Array;
let pos = 0;

export const uuid = (): string => {
  // refilled when the position wraps to 0 (also on the first call)
  pos &= 4095;
  if (!pos) {
    hex ||= Array.from({ length: 256 }, (_, i) => (i + 256).toString(16).slice(1));
    // biome-ignore lint/suspicious/noAssignInExpressions: one expression is a byte less on the core
    crypto.getRandomValues((pool ||= new Uint8Array(4096)));
  }
  pool[pos + 6] = (pool[pos + 6]! & 15) | 64; // version 4
  pool[pos + 8] = (pool[pos + 8]! & 63) | 128; // variant 10xx
  let s = '';
  // 1360 = bits 4, 6, 8 and 10: a dash before those bytes
  for (let j = 0; j < 16; j++) s += ((1360 >> j) & 1 ? '-' : '') + hex[pool[pos++]!];
  return s;
};

const UUID = /^[\da-f]{8}(-[\da-f]{4}){3}-[\da-f]{12}$/i;

/** True for a UUID-shaped string (a caller-supplied eventId must look like one). */
export const isUuid = (value: unknown): value is string => typeof value === 'string' && UUID.test(value);
