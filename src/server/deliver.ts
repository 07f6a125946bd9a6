// Delivers one signed batch under the status policy (src/transport/policy.ts, shared with the
// browser): retries with backoff and Retry-After, halves on 413, rejects on other 4xx.
import { BACKOFF_BASE_MS, backoff, retryAfterMs } from '../transport/backoff.js';
import { classify } from '../transport/policy.js';
import { signBatch, type Credentials, type ServerEvent } from './batch.js';
import { SyncError } from './errors.js';
import { sleep } from './sleep.js';

/** A collector that has not answered in 30 s is treated like a network error and retried. */
export const REQUEST_TIMEOUT_MS = 30_000;
/** About 6 minutes of backoff (1+2+4+…+60 s): outlasts a deploy or a brief outage, then gives up. */
export const MAX_ATTEMPTS = 10;
/** Error bodies are quoted in rejects and messages; a short prefix is enough to tell why. */
const ERROR_TEXT_CHARS = 200;
/** These mean the key, secret or host is wrong, not the data: stop instead of rejecting every line. */
const CONFIG_STATUSES = new Set([401, 403, 404]);

export interface DeliveryContext {
  url: string;
  credentials: Credentials;
  fetch: typeof fetch;
  timeoutMs: number;
  maxAttempts: number;
  /** Scales the backoff (1 s doubling to 60 s); tests pass a few ms. Retry-After is obeyed as sent. */
  backoffBaseMs: number;
  /** Stops retrying: no new attempt and no more waiting once it aborts. */
  signal?: AbortSignal | undefined;
  /** Also cancels a request on the wire (sendEvents); a sync lets in-flight requests finish instead. */
  requestSignal?: AbortSignal | undefined;
  /** Awaited before every request, retries included (the requests-per-minute limit). */
  beforeRequest?: (() => Promise<void>) | undefined;
  onRetry?: ((info: { status: number; attempt: number; delayMs: number }) => void) | undefined;
}

export interface Rejection {
  events: ServerEvent[];
  reason: string;
}

export interface DeliveryResult {
  delivered: number;
  rejected: Rejection[];
  retried: number;
}

/** The run cannot go on (retries exhausted, or the collector refuses our credentials). */
export class DeliveryStopped extends SyncError {}

interface Answer {
  status: number;
  retryAfter: string | null;
  text: string;
}

async function post(ctx: DeliveryContext, body: string): Promise<Answer> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new Error('timeout')), ctx.timeoutMs);
  const onAbort = () => controller.abort(ctx.requestSignal?.reason);
  ctx.requestSignal?.addEventListener('abort', onAbort, { once: true });
  try {
    const response = await ctx.fetch(ctx.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
      signal: controller.signal,
    });
    const text = await response.text();
    return { status: response.status, retryAfter: response.headers.get('retry-after'), text };
  } catch (error) {
    if (ctx.requestSignal?.aborted) throw ctx.requestSignal.reason;
    // undici reports "fetch failed" and keeps the useful part (ECONNREFUSED, timeout) in `cause`.
    const cause = (error as { cause?: unknown }).cause;
    const why = cause instanceof Error ? cause.message : error instanceof Error ? error.message : String(error);
    return { status: 0, retryAfter: null, text: why };
  } finally {
    clearTimeout(timer);
    ctx.requestSignal?.removeEventListener('abort', onAbort);
  }
}

function describe(answer: Answer, url: string): string {
  const detail = answer.text.slice(0, ERROR_TEXT_CHARS);
  const what = answer.status === 0 ? 'Network error' : `Request failed with status ${answer.status}`;
  return `${what}: POST ${url}${detail ? ` (${detail})` : ''}`;
}

/**
 * Sends `events` (at most 25) until the collector accepts them or the policy says stop.
 * @throws DeliveryStopped when retries run out or the collector refuses the credentials or host.
 */
export async function deliverBatch(events: ServerEvent[], ctx: DeliveryContext): Promise<DeliveryResult> {
  const body = JSON.stringify(signBatch(events, ctx.credentials));
  let retried = 0;
  for (let attempt = 0; ; attempt++) {
    if (ctx.signal?.aborted) throw ctx.signal.reason;
    await ctx.beforeRequest?.();
    const answer = await post(ctx, body);
    const verdict = classify(answer.status);
    if (verdict === 'ok') return { delivered: events.length, rejected: [], retried };
    if (verdict === 'split') {
      if (events.length === 1) return { delivered: 0, rejected: [{ events, reason: `${describe(answer, ctx.url)}: the event is too large even alone` }], retried };
      const half = Math.ceil(events.length / 2);
      const a = await deliverBatch(events.slice(0, half), ctx);
      const b = await deliverBatch(events.slice(half), ctx);
      return { delivered: a.delivered + b.delivered, rejected: [...a.rejected, ...b.rejected], retried: retried + a.retried + b.retried };
    }
    if (verdict === 'drop') {
      if (CONFIG_STATUSES.has(answer.status)) {
        throw new DeliveryStopped(`${describe(answer, ctx.url)}: check the API key, the secret and --host`, answer.status);
      }
      return { delivered: 0, rejected: [{ events, reason: describe(answer, ctx.url) }], retried };
    }
    if (attempt + 1 >= ctx.maxAttempts) {
      throw new DeliveryStopped(`${describe(answer, ctx.url)}; gave up after ${ctx.maxAttempts} attempts: run again later`, answer.status);
    }
    const delayMs = retryAfterMs(answer.retryAfter) ?? (backoff(attempt) * ctx.backoffBaseMs) / BACKOFF_BASE_MS;
    retried++;
    ctx.onRetry?.({ status: answer.status, attempt: attempt + 1, delayMs });
    await sleep(delayMs, ctx.signal);
  }
}
