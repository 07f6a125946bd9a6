// Pure encoding of the "hs" body: standard base64 of the UTF-8 bytes of the JSON. `btoa` alone only
// takes Latin-1, so `btoa(JSON.stringify(x))` throws on "Ł", "李" or "🙂"; TextEncoder also turns a
// lone surrogate into U+FFFD instead of throwing like encodeURIComponent.

/** Bytes per String.fromCharCode.apply call: well under every engine's argument limit. */
const CHUNK = 0x8000;

export const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

/** Standard base64 of the UTF-8 bytes of `text`. */
export function base64Utf8(text: string): string {
  const bytes = utf8(text);
  let binary = '';
  for (let i = 0; i < bytes.length; i += CHUNK) {
    binary += String.fromCharCode.apply(null, bytes.subarray(i, i + CHUNK) as unknown as number[]);
  }
  return btoa(binary);
}

/** Length of base64 text for `n` bytes. */
export const base64Length = (n: number): number => Math.ceil(n / 3) * 4;

/** `{"hs":"` + base64 + `"}`: the request body for a payload of `payloadBytes` UTF-8 bytes. */
export const bodyLength = (payloadBytes: number): number => 9 + base64Length(payloadBytes);

/** The request body for a batch payload. */
export const hsBody = (payloadJson: string): string => '{"hs":"' + base64Utf8(payloadJson) + '"}';
