// The `hs` wire format on the Node side: the shared encoding of src/protocol with Node's fast base64,
// and the server-batch signature.
import { createHash, timingSafeEqual } from 'node:crypto';
import { decodeHs as decodeWith, encodeHs as encodeWith } from '../protocol/encode.js';

const toBase64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64');
const fromBase64 = (b64: string): string => Buffer.from(b64, 'base64').toString('utf8');

/** Standard base64 of the UTF-8 bytes of `JSON.stringify(payload)`. */
export const encodeHs = (payload: unknown): string => encodeWith(payload, toBase64);

/** Decodes an `hs` string; throws `SyntaxError` naming the problem when it is not base64 of JSON. */
export const decodeHs = (hs: string): unknown => decodeWith(hs, fromBase64);

/** The server-batch signature: sha256hex(b64 + API_SECRET), per DESIGN.md. */
export function signHs(hs: string, secret: string): string {
  // Two updates hash the same bytes as hs + secret without copying a batch-sized string.
  return createHash('sha256').update(hs, 'utf8').update(secret, 'utf8').digest('hex');
}

/** Constant-time check of a server-batch signature. */
export function verifyHsSignature(hs: string, signature: unknown, secret: string): boolean {
  if (typeof signature !== 'string') return false;
  const expected = Buffer.from(signHs(hs, secret), 'utf8');
  const given = Buffer.from(signature.toLowerCase(), 'utf8');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
