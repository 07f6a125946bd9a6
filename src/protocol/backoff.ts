// Pure retry timing: exponential backoff with jitter, and the Retry-After header (browser, server and sync).

/** First retry after about a second… */
export const BACKOFF_BASE_MS = 1_000;
/** …doubling to a minute: long enough to spare a struggling collector, short enough to catch up. */
export const BACKOFF_CAP_MS = 60_000;
/** A Retry-After longer than this is not obeyed as given: a page rarely lives longer. */
export const RETRY_AFTER_CAP_MS = 5 * 60_000;

/** Delay before retry number `attempt` (0-based): in [d/2, d] where d = min(cap, base * 2^attempt). */
export function backoff(attempt: number, random: number = Math.random()): number {
  // 2 ** attempt is Infinity past 1023: still capped
  const d = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** attempt);
  return Math.round((d * (1 + random)) / 2);
}

/** Milliseconds a `Retry-After` header asks for (seconds or an HTTP date), capped; null when absent or unreadable. */
export function retryAfterMs(header: string | null | undefined, now: number = Date.now()): number | null {
  const text = String(header).trim(); // null and undefined fail both patterns below
  // delay-seconds, or an HTTP date (IMF-fixdate, "Sun, 06 Nov 1994 08:49:37 GMT"): Date.parse alone
  // would also take "1.5" or "-5" as dates
  const ms = /^\d+$/.test(text)
    ? +text * 1000
    : /^\w{3}, \d\d \w{3} \d{4} \d\d:\d\d:\d\d GMT$/.test(text)
      ? Date.parse(text) - now
      : NaN;
  // NaN (unreadable) fails both comparisons
  return ms > 0 ? Math.min(RETRY_AFTER_CAP_MS, ms) : ms <= 0 ? 0 : null;
}
