// Reads a request body up to a byte limit, counting what actually streams in: a missing or
// understated Content-Length cannot get more than `max` bytes into memory.

/** The body was larger than the limit (announced or streamed). */
export const TOO_LARGE = Symbol('too large');

/**
 * The whole body, or TOO_LARGE as soon as it is known to exceed `max` bytes: from Content-Length
 * without reading a byte, else when the count passes `max` (the stream is then cancelled).
 * @throws when the body stream fails (the client went away).
 */
export async function readCapped(request: Request, max: number): Promise<Uint8Array<ArrayBuffer> | typeof TOO_LARGE> {
  const announced = request.headers.get('content-length');
  if (announced !== null && /^\d+$/.test(announced.trim()) && Number(announced) > max) return TOO_LARGE;
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      reader.cancel().catch(() => {});
      return TOO_LARGE;
    }
    chunks.push(value);
  }
  const body = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    body.set(chunk, at);
    at += chunk.byteLength;
  }
  return body;
}
