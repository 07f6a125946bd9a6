// Delivers one request's worth of items under the status policy (src/protocol/policy.ts, shared
// with the browser): retries with backoff and Retry-After, halves on a "too large" answer, rejects on
// other 4xx. Richpanel's signed batch is one plan; the other destinations bring their own.
import { BACKOFF_BASE_MS, backoff, retryAfterMs } from '../protocol/backoff.js';
import { classify, type Verdict } from '../protocol/policy.js';
import { SERVER_REQUEST_TIMEOUT_MS } from '../protocol/timeouts.js';
import type { Answer as WireAnswer } from '../protocol/wire.js';
import { signBatch, type Credentials, type ServerEvent } from './batch.js';
import { SyncError } from './errors.js';
import { sleep } from './sleep.js';

/** A collector that has not answered in 30 s is treated like a network error and retried. */
export const REQUEST_TIMEOUT_MS = SERVER_REQUEST_TIMEOUT_MS;
/** About 6 minutes of backoff (1+2+4+…+60 s): outlasts a deploy or a brief outage, then gives up. */
export const MAX_ATTEMPTS = 10;
/** Error bodies are quoted in rejects and messages; a short prefix is enough to tell why. */
const ERROR_TEXT_CHARS = 200;
/** These mean the key, secret or host is wrong, not the data: stop instead of rejecting every line. */
const CONFIG_STATUSES: ReadonlySet<number> = new Set([401, 403, 404]);

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
  /** Awaited before every request, retries included (the requests-per-minute limit). */
  beforeRequest?: (() => Promise<void>) | undefined;
  onRetry?: ((info: { status: number; attempt: number; delayMs: number }) => void) | undefined;
}

export interface DeliveryContext extends RequestContext {
  url: string;
  credentials: Credentials;
}

export interface Rejection<T = ServerEvent> {
  events: T[];
  reason: string;
}

export interface DeliveryResult<T = ServerEvent> {
  delivered: number;
  rejected: Rejection<T>[];
  retried: number;
}

/** The run cannot go on (retries exhausted, or the collector refuses our credentials). */
export class DeliveryStopped extends SyncError {}

export interface HttpRequest {
  method: 'GET' | 'POST';
  url: string;
  headers: Record<string, string>;
  body?: string;
}

/** The shared answer (status, Retry-After) and the start of its body, for messages. */
export interface Answer extends WireAnswer {
  text: string;
}

/** How one destination turns items into a request and reads the answers. */
export interface DeliveryPlan<T> {
  request(items: T[]): HttpRequest;
  /** The status policy, adapted (Rfmcube's 416 means "too large", like 413). Default `classify`. */
  verdict?: (status: number) => Verdict;
  /** Statuses that mean the configuration is wrong: the run stops. Default 401, 403, 404. */
  configStatuses?: ReadonlySet<number>;
  /** What to check when a config status stops the run. */
  configHint: string;
  /** After a 2xx: the result (Rfmcube waits for its import process here). Default: all delivered. */
  accepted?: (answer: Answer, items: T[]) => Promise<DeliveryResult<T>>;
}

async function send(ctx: RequestContext, request: HttpRequest): Promise<Answer> {
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
 * @throws DeliveryStopped when retries run out.
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

/**
 * Sends `items` in one request until the destination accepts them or the policy says stop; halves
 * them on a "too large" answer and rejects them on other 4xx.
 * @throws DeliveryStopped when retries run out or the destination refuses the credentials or address.
 */
export async function deliverItems<T>(
  items: T[],
  ctx: RequestContext,
  plan: DeliveryPlan<T>,
): Promise<DeliveryResult<T>> {
  const request = plan.request(items);
  const { answer, verdict, retried } = await requestWithRetries(request, ctx, plan.verdict);
  if (verdict === 'ok') {
    if (!plan.accepted) return { delivered: items.length, rejected: [], retried };
    const result = await plan.accepted(answer, items);
    return { ...result, retried: retried + result.retried };
  }
  if (verdict === 'split') {
    if (items.length === 1)
      return {
        delivered: 0,
        rejected: [{ events: items, reason: `${describeAnswer(answer, request)}: the event is too large even alone` }],
        retried,
      };
    const half = Math.ceil(items.length / 2);
    const a = await deliverItems(items.slice(0, half), ctx, plan);
    const b = await deliverItems(items.slice(half), ctx, plan);
    return {
      delivered: a.delivered + b.delivered,
      rejected: [...a.rejected, ...b.rejected],
      retried: retried + a.retried + b.retried,
    };
  }
  if ((plan.configStatuses ?? CONFIG_STATUSES).has(answer.status)) {
    throw new DeliveryStopped(`${describeAnswer(answer, request)}: ${plan.configHint}`, answer.status);
  }
  return { delivered: 0, rejected: [{ events: items, reason: describeAnswer(answer, request) }], retried };
}

/**
 * Sends `events` (at most 25) as one signed batch until the collector accepts them or the policy says stop.
 * @throws DeliveryStopped when retries run out or the collector refuses the credentials or host.
 */
export function deliverBatch(events: ServerEvent[], ctx: DeliveryContext): Promise<DeliveryResult> {
  return deliverItems(events, ctx, {
    request: (batch) => ({
      method: 'POST',
      url: ctx.url,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(signBatch(batch, ctx.credentials)),
    }),
    configHint: 'check the API key, the secret and --host',
  });
}
