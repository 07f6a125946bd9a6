// Pure encoding of the `hs` / `h` bodies: standard base64 of the UTF-8 bytes of the JSON. `btoa`
// alone only takes Latin-1, so `btoa(JSON.stringify(x))` throws on "Ł", "李" or "🙂"; TextEncoder also
// turns a lone surrogate into U+FFFD instead of throwing like encodeURIComponent. Platform-neutral
// (TextEncoder, btoa and atob exist in browsers and in Node 18+); Node code may pass a faster codec.
import { stringify } from './json.js';
import type { BatchPayload, WireEvent } from './wire.js';

/** Bytes per String.fromCharCode.apply call: well under every engine's argument limit. */
const CHUNK = 0x8000;

export const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

/**
 * Standard base64 of the UTF-8 bytes of `text`. In chunks rather than one fromCharCode per byte,
 * which takes twice as long on a 48 KB batch (it runs on the shop's main thread at every send).
 */
export function base64Utf8(text: string): string {
  const bytes = utf8(text);
  let binary = '';
  for (let i = 0; i < bytes.length; i += CHUNK) {
    binary += String.fromCharCode.apply(null, bytes.subarray(i, i + CHUNK) as unknown as number[]);
  }
  return btoa(binary);
}

/** The text whose UTF-8 bytes `b64` holds. @throws when `b64` is not base64. */
export function textFromBase64(b64: string): string {
  const binary = atob(b64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return new TextDecoder().decode(bytes);
}

/** Length of base64 text for `n` bytes. */
export const base64Length = (n: number): number => Math.ceil(n / 3) * 4;

/** `{"hs":"` + base64 + `"}`: the length of the request body for a payload of `payloadBytes` UTF-8 bytes. */
export const bodyLength = (payloadBytes: number): number => 9 + base64Length(payloadBytes);

/** A base64 codec: text → base64 of its UTF-8 bytes. */
export type Base64 = (text: string) => string;

/** `{"<key>":"<base64 of the UTF-8 JSON of payload>"}`: base64 needs no JSON escaping. */
export const encodeBody = (key: 'h' | 'hs', payload: unknown, b64: Base64 = base64Utf8): string =>
  `{"${key}":"${b64(stringify(payload))}"}`;

/** The JSON text of a `/v2/bt` body for a batch. */
export const hsBody = (payload: BatchPayload, b64: Base64 = base64Utf8): string => encodeBody('hs', payload, b64);

/** The JSON text of a `/v3/t` body for one event (Richpanel's own format). */
export const hBody = (event: WireEvent, b64: Base64 = base64Utf8): string => encodeBody('h', event, b64);

/** Standard base64 of the UTF-8 JSON of `payload` (the `hs` or `h` string). */
export const encodeHs = (payload: unknown, b64: Base64 = base64Utf8): string => b64(stringify(payload));

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * Decodes an `hs` or `h` string to the JSON value inside.
 * @throws SyntaxError naming the problem when it is not base64 of JSON.
 */
export function decodeHs(hs: string, fromBase64: (b64: string) => string = textFromBase64): unknown {
  if (hs.length % 4 !== 0 || !BASE64.test(hs)) throw new SyntaxError('hs is not valid base64');
  const text = fromBase64(hs);
  try {
    return JSON.parse(text);
  } catch {
    throw new SyntaxError('hs does not decode to JSON');
  }
}
