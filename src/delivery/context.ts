// The RequestContext of a run from its options: one place for the defaults (30 s timeout, 10
// attempts, 1 s backoff base) and the requests-per-minute pacing.
import { BACKOFF_BASE_MS } from '../protocol/backoff.js';
import { SyncError } from '../server/errors.js';
import { rateLimiter, sharedRateLimiter } from './rate-limit.js';
import { MAX_ATTEMPTS, REQUEST_TIMEOUT_MS, type RequestContext } from './request.js';

/** What a caller may set of how requests are made; everything has a default. */
export interface RequestOptions {
  /** A `fetch` implementation; default the global one (Node 18+). */
  fetch?: typeof fetch | undefined;
  /** Give up on one request after this many ms (then it is retried). Default 30,000. */
  timeoutMs?: number | undefined;
  /** Attempts per request before giving up. Default 10. */
  maxAttempts?: number | undefined;
  /** First backoff in ms (doubling to 60 times it). Default 1,000; tests use a few ms. */
  backoffBaseMs?: number | undefined;
  /** At most this many requests per minute, retries included. Default: no limit. */
  ratePerMinute?: number | undefined;
  /** The "minute" of `ratePerMinute`, in ms. Default 60,000. */
  rateWindowMs?: number | undefined;
  /**
   * The account `ratePerMinute` belongs to: every context of the process with the same key shares one
   * schedule (a sync and a relay to one Rfmcube account). Default: this context alone.
   */
  rateKey?: string | undefined;
}

export function requestContext(
  options: RequestOptions,
  control: Pick<RequestContext, 'signal' | 'requestSignal' | 'onRetry'> = {},
): RequestContext {
  const fetchFn = options.fetch ?? globalThis.fetch;
  if (typeof fetchFn !== 'function') throw new SyncError('no fetch available: use Node 18+ or pass `fetch`');
  const rate = options.ratePerMinute;
  return {
    fetch: fetchFn,
    timeoutMs: options.timeoutMs ?? REQUEST_TIMEOUT_MS,
    maxAttempts: options.maxAttempts ?? MAX_ATTEMPTS,
    backoffBaseMs: options.backoffBaseMs ?? BACKOFF_BASE_MS,
    signal: control.signal,
    requestSignal: control.requestSignal,
    onRetry: control.onRetry,
    beforeRequest: !rate
      ? undefined
      : options.rateKey === undefined
        ? rateLimiter(rate, control.signal, options.rateWindowMs)
        : sharedRateLimiter(options.rateKey, rate, control.signal, options.rateWindowMs),
  };
}
