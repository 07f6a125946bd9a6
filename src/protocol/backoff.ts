// Pure retry timing: exponential backoff with jitter, and the Retry-After header (browser, server and sync).

/** First retry after about a second… */
export const BACKOFF_BASE_MS = 1_000;
/** …doubling to a minute: long enough to spare a struggling collector, short enough to catch up. */
export const BACKOFF_CAP_MS = 60_000;
/** A Retry-After longer than this is not obeyed as given: a page rarely lives longer. */
export const RETRY_AFTER_CAP_MS = 5 * 60_000;

/** Delay before retry number `attempt` (0-based): in [d/2, d] where d = min(cap, base * 2^attempt). */
export function backoff(attempt: number, random: number = Math.random()): number {
  const d = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.min(attempt, 16));
  return Math.round(d / 2 + (random * d) / 2);
}

/** Milliseconds a `Retry-After` header asks for (seconds or an HTTP date), capped; null when absent or unreadable. */
export function retryAfterMs(header: string | null | undefined, now: number = Date.now()): number | null {
  if (!header) return null;
  const text = header.trim();
  // delay-seconds, or an HTTP date (IMF-fixdate, "Sun, 06 Nov 1994 08:49:37 GMT"): Date.parse alone
  // would also take "1.5" or "-5" as dates
  const ms = /^\d+$/.test(text)
    ? +text * 1000
    : /^\w{3}, \d\d \w{3} \d{4} \d\d:\d\d:\d\d GMT$/.test(text)
      ? Date.parse(text) - now
      : NaN;
  return Number.isNaN(ms) ? null : Math.min(RETRY_AFTER_CAP_MS, Math.max(0, ms));
}
