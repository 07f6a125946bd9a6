// Reads a body (a request's, or the upstream's answer) up to a byte limit and, optionally, a
// deadline, counting what actually streams in: a missing or understated Content-Length cannot get
// more than `max` bytes into memory, and a client that sends a byte now and then cannot hold a
// connection past the deadline.

/** The body was larger than the limit (announced or streamed). */
export const TOO_LARGE = Symbol('too large');
/** The body had not arrived by the deadline. */
export const TIMED_OUT = Symbol('timed out');

/** A body read to its end, or why it was not. */
export type Read = Uint8Array<ArrayBuffer> | typeof TOO_LARGE | typeof TIMED_OUT;

/** True when `Content-Length` announces more than `max` bytes. */
export function announcedOver(headers: Headers, max: number): boolean {
  const announced = headers.get('content-length');
  return announced !== null && /^\d+$/.test(announced.trim()) && Number(announced) > max;
}

function joined(chunks: Uint8Array[], size: number): Uint8Array<ArrayBuffer> {
  const body = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    body.set(chunk, at);
    at += chunk.byteLength;
  }
  return body;
}

/**
 * The whole stream, TOO_LARGE as soon as the count passes `max`, or TIMED_OUT when it has not ended
 * `deadlineMs` after the call; in both cases the stream is cancelled (nothing more is read or kept).
 * @throws when the stream fails (the client went away, the upstream request was aborted).
 */
export async function readStream(
  stream: ReadableStream<Uint8Array> | null,
  max: number,
  deadlineMs?: number,
): Promise<Read> {
  if (!stream) return new Uint8Array(0);
  const reader = stream.getReader();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired =
    deadlineMs === undefined
      ? undefined
      : new Promise<typeof TIMED_OUT>((resolve) => {
          timer = setTimeout(() => resolve(TIMED_OUT), deadlineMs);
        });
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const next = expired ? await Promise.race([reader.read(), expired]) : await reader.read();
      if (next === TIMED_OUT) {
        reader.cancel().catch(() => {});
        return TIMED_OUT;
      }
      if (next.done) return joined(chunks, size);
      size += next.value.byteLength;
      if (size > max) {
        reader.cancel().catch(() => {});
        return TOO_LARGE;
      }
      chunks.push(next.value);
    }
  } finally {
    clearTimeout(timer);
  }
}

/**
 * A request's whole body: TOO_LARGE from `Content-Length` without reading a byte, else as
 * `readStream` reads it (`max` bytes, `deadlineMs` from now).
 * @throws when the body stream fails (the client went away).
 */
export function readRequestBody(request: Request, max: number, deadlineMs: number): Promise<Read> {
  if (announcedOver(request.headers, max)) return Promise.resolve(TOO_LARGE);
  return readStream(request.body, max, deadlineMs);
}
