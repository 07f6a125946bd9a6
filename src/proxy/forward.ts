// The network shell: one POST to the upstream, its answer passed back. An upstream that cannot be
// reached answers 502, one that is too slow 504, one whose answer is too large 502: all statuses the
// SDK retries. The visitor learns that much and no more: not the upstream's address, not why.
import { announcedOver, readStream, TOO_LARGE } from './body.js';
import { answerHeaders } from './headers.js';
import { MAX_UPSTREAM_ANSWER_BYTES } from './limits.js';
import { DATA_HEADERS, refuse } from './respond.js';

/** Statuses whose Response may not carry a body. */
const NULL_BODY = new Set([101, 103, 204, 205, 304]);

/**
 * The upstream's body, or TOO_LARGE past MAX_UPSTREAM_ANSWER_BYTES. fetch decodes a
 * `Content-Encoding` (gzip, deflate, br) as the body is read, so the count is of decoded bytes and
 * reading stops (the connection dropped) once past the cap: a gzip bomb is not expanded further.
 * `Content-Length` counts encoded bytes, so it decides alone only for an unencoded answer.
 */
function readAnswer(answer: Response): ReturnType<typeof readStream> {
  if (!answer.headers.has('content-encoding') && announcedOver(answer.headers, MAX_UPSTREAM_ANSWER_BYTES)) {
    answer.body?.cancel().catch(() => {});
    return Promise.resolve(TOO_LARGE);
  }
  return readStream(answer.body, MAX_UPSTREAM_ANSWER_BYTES);
}

/**
 * POSTs `body` to `url`; the upstream's status, body (decoded, at most MAX_UPSTREAM_ANSWER_BYTES),
 * Content-Type and Retry-After come back. `timeoutMs` covers the answer's body too.
 */
export async function forward(
  url: string,
  headers: Headers,
  body: Uint8Array<ArrayBuffer>,
  timeoutMs: number,
): Promise<Response> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    const answer = await fetch(url, {
      method: 'POST',
      headers,
      body,
      // A redirect could point anywhere: the proxy only ever talks to the upstream it was given.
      redirect: 'manual',
      signal: controller.signal,
    });
    const text = NULL_BODY.has(answer.status) ? null : await readAnswer(answer);
    // readStream without a deadline ends in a body or TOO_LARGE; the timeout aborts it instead.
    if (text !== null && !(text instanceof Uint8Array))
      return refuse(502, `the upstream's answer was over ${MAX_UPSTREAM_ANSWER_BYTES} bytes`);
    return new Response(text, {
      status: answer.status,
      headers: { ...answerHeaders(answer.headers), ...DATA_HEADERS },
    });
  } catch {
    return controller.signal.aborted
      ? refuse(504, `the upstream did not answer within ${timeoutMs} ms`)
      : refuse(502, 'the upstream could not be reached');
  } finally {
    clearTimeout(timer);
  }
}
