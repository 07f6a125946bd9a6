// Pure encoding of the `hs` / `h` bodies: standard base64 of the UTF-8 bytes of the JSON. `btoa`
// alone only takes Latin-1, so `btoa(JSON.stringify(x))` throws on "Ł", "李" or "🙂"; TextEncoder also
// turns a lone surrogate into U+FFFD instead of throwing like encodeURIComponent. The base64 is our
// own code, not the page's `btoa`: pages replace that global (the "Unicode-safe" wrapper
// `btoa(unescape(encodeURIComponent(s)))` encodes the bytes a second time), and there is no other
// copy of it to take. Platform-neutral; Node code may pass a faster codec.
import { stringify } from './json.js';
import type { BatchPayload, WireEvent } from './wire.js';

/** The base64 digits A–Z, a–z, 0–9, "+", "/" by value, made from their char codes (fewer bytes than the literal). */
const DIGITS = Array.from({ length: 64 }, (_, v) =>
  String.fromCharCode(v + (v < 26 ? 65 : v < 52 ? 71 : v < 62 ? -4 : v * 3 - 205)),
);

export const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

/**
 * Standard base64 of the UTF-8 bytes of `text`, six bits to a digit from a table (in Chromium about a
 * third faster than a binary string for `btoa` on a 48 KB batch; it runs on the shop's main thread at every send).
 */
export function base64Utf8(text: string): string {
  let out = '';
  let acc = 0;
  let bits = 0;
  for (const byte of utf8(text)) {
    acc = (acc << 8) | byte; // only the low bits are read: the ones shifted out do not matter
    for (bits += 8; bits > 5; bits -= 6) out += DIGITS[(acc >> (bits - 6)) & 63];
  }
  if (bits) out += DIGITS[(acc << (6 - bits)) & 63];
  // padded with "=" to a multiple of 4 digits
  return out + '=='.slice(0, -out.length & 3);
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
