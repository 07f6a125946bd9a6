// The network shell: one POST to the upstream, its answer passed back. An upstream that cannot be
// reached answers 502, one that is too slow 504: both are statuses the SDK retries.
import { refuse } from './respond.js';
import { answerHeaders } from './headers.js';

/** Statuses whose Response may not carry a body. */
const NULL_BODY = new Set([101, 103, 204, 205, 304]);

/** POSTs `body` to `url`; the upstream's status, body, Content-Type and Retry-After come back. */
export async function forward(
  url: string,
  headers: Headers,
  body: Uint8Array<ArrayBuffer>,
  timeoutMs: number,
  extra: Record<string, string>,
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
    const text = NULL_BODY.has(answer.status) ? null : await answer.arrayBuffer();
    return new Response(text, {
      status: answer.status,
      headers: { ...extra, ...answerHeaders(answer.headers), 'cache-control': 'no-store' },
    });
  } catch {
    const origin = new URL(url).origin;
    return controller.signal.aborted
      ? refuse(504, `the upstream ${origin} did not answer within ${timeoutMs} ms`, extra)
      : refuse(502, `the upstream ${origin} could not be reached`, extra);
  } finally {
    clearTimeout(timer);
  }
}
