// One HTTP request made until its answer is not "retry", under the status policy shared with the
// browser (src/protocol/policy.ts): backoff with jitter, Retry-After, a per-request timeout. Used by
// sendEvents, the history sync and anything else on the Node side that talks to a destination.
import { BACKOFF_BASE_MS, backoff, retryAfterMs } from '../protocol/backoff.js';
import { classify, type Verdict } from '../protocol/policy.js';
import { SERVER_REQUEST_TIMEOUT_MS } from '../protocol/timeouts.js';
import type { Answer as WireAnswer } from '../protocol/wire.js';
import { SyncError } from '../server/errors.js';
import { sleep } from './sleep.js';

/** A destination that has not answered in 30 s is treated like a network error and retried. */
export const REQUEST_TIMEOUT_MS = SERVER_REQUEST_TIMEOUT_MS;
/** About 6 minutes of backoff (1+2+4+…+60 s): outlasts a deploy or a brief outage, then gives up. */
export const MAX_ATTEMPTS = 10;
/** Error bodies are quoted in rejects and messages; a short prefix is enough to tell why. */
export const ERROR_TEXT_CHARS = 200;

/** How requests are made and retried, whatever the destination. */
export interface RequestContext {
  fetch: typeof fetch;
  timeoutMs: number;
  maxAttempts: number;
  /** Scales the backoff (1 s doubling to 60 s); tests pass a few ms. Retry-After is obeyed as sent. */
  backoffBaseMs: number;
  /** Stops retrying: no new attempt and no more waiting once it aborts. */
  signal?: AbortSignal | undefined;
  /** Also cancels a request on the wire (sendEvents); a sync lets in-flight requests finish instead. */
  requestSignal?: AbortSignal | undefined;
  /** Awaited before every request, retries included (a requests-per-minute limit). */
  beforeRequest?: (() => Promise<void>) | undefined;
  /**
   * A destination's own schedule for `key` at `perMinute` (eSputnik's limit of each kind): shared by
   * every relay on the same Redis when set (src/relay/redis/pacer.ts), else by this process only.
   */
  sharedPace?: ((key: string, perMinute: number) => () => Promise<void>) | undefined;
  onRetry?: ((info: { status: number; attempt: number; delayMs: number }) => void) | undefined;
}

export interface HttpRequest {
  method: 'GET' | 'POST' | 'DELETE';
  url: string;
  headers: Record<string, string>;
  body?: string;
}

/** The shared answer (status, Retry-After) and its body, for messages and for the caller to read. */
export interface Answer extends WireAnswer {
  text: string;
}

/** The work cannot go on (retries exhausted, or the destination refuses the credentials or address). */
export class DeliveryStopped extends SyncError {}

async function send(ctx: RequestContext, request: HttpRequest): Promise<Answer> {
  // Aborted while it waited for its turn: its listener below would never hear of it.
  if (ctx.requestSignal?.aborted) throw ctx.requestSignal.reason;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new Error('timeout')), ctx.timeoutMs);
  const onAbort = () => controller.abort(ctx.requestSignal?.reason);
  ctx.requestSignal?.addEventListener('abort', onAbort, { once: true });
  try {
    const response = await ctx.fetch(request.url, {
      method: request.method,
      headers: request.headers,
      ...(request.body === undefined ? {} : { body: request.body }),
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

/** `Request failed with status 500: POST <url> (<start of the body>)`. */
export function describeAnswer(answer: Answer, request: Pick<HttpRequest, 'method' | 'url'>): string {
  const detail = answer.text.slice(0, ERROR_TEXT_CHARS);
  const what = answer.status === 0 ? 'Network error' : `Request failed with status ${answer.status}`;
  return `${what}: ${request.method} ${request.url}${detail ? ` (${detail})` : ''}`;
}

/**
 * Makes one request until its answer is not "retry": returns that answer and its verdict.
 * @throws DeliveryStopped when retries run out; the signal's reason when it aborts.
 */
export async function requestWithRetries(
  request: HttpRequest,
  ctx: RequestContext,
  verdict: (status: number) => Verdict = classify,
): Promise<{ answer: Answer; verdict: Verdict; retried: number }> {
  let retried = 0;
  for (let attempt = 0; ; attempt++) {
    if (ctx.signal?.aborted) throw ctx.signal.reason;
    await ctx.beforeRequest?.();
    if (ctx.signal?.aborted) throw ctx.signal.reason;
    const answer = await send(ctx, request);
    const v = verdict(answer.status);
    if (v !== 'retry') return { answer, verdict: v, retried };
    if (attempt + 1 >= ctx.maxAttempts) {
      throw new DeliveryStopped(
        `${describeAnswer(answer, request)}; gave up after ${ctx.maxAttempts} attempts: run again later`,
        answer.status,
      );
    }
    const delayMs = retryAfterMs(answer.retryAfter) ?? (backoff(attempt) * ctx.backoffBaseMs) / BACKOFF_BASE_MS;
    retried++;
    ctx.onRetry?.({ status: answer.status, attempt: attempt + 1, delayMs });
    await sleep(delayMs, ctx.signal);
  }
}
