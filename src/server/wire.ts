// The "hs" wire format in one place, for the server helper and the collector (Node side).
// Browser encoding lives in src/transport/encode.ts (no Node modules there).
import { createHash, timingSafeEqual } from 'node:crypto';

/** Standard base64 of the UTF-8 bytes of `JSON.stringify(payload)`. */
export function encodeHs(payload: unknown): string {
  return Buffer.from(JSON.stringify(payload), 'utf8').toString('base64');
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Decodes an `hs` string; throws `SyntaxError` naming the problem when it is not base64 of JSON. */
export function decodeHs(hs: string): unknown {
  if (hs.length % 4 !== 0 || !BASE64.test(hs)) throw new SyntaxError('hs is not valid base64');
  const text = Buffer.from(hs, 'base64').toString('utf8');
  try {
    return JSON.parse(text);
  } catch {
    throw new SyntaxError('hs does not decode to JSON');
  }
}

/** The server-batch signature: sha256hex(b64 + API_SECRET), per DESIGN.md. */
export function signHs(hs: string, secret: string): string {
  return createHash('sha256').update(hs + secret, 'utf8').digest('hex');
}

/** Constant-time check of a server-batch signature. */
export function verifyHsSignature(hs: string, signature: unknown, secret: string): boolean {
  if (typeof signature !== 'string') return false;
  const expected = Buffer.from(signHs(hs, secret), 'utf8');
  const given = Buffer.from(signature.toLowerCase(), 'utf8');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
