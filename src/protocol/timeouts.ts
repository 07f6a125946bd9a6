// Request timeouts, named per side: each side has its own reason for its number.

/**
 * A browser request still unanswered after 15 s counts as a network error and is retried: a page
 * may be left soon, and a hung request would hold the one-request-at-a-time queue.
 */
export const BROWSER_REQUEST_TIMEOUT_MS = 15_000;
/**
 * A server request gets 30 s: a history sync's batches are large and a collector under load may be
 * slow, but a hung connection must still end in a retry.
 */
export const SERVER_REQUEST_TIMEOUT_MS = 30_000;
/**
 * The first-party proxy gives the upstream 10 s, under the browser's 15 s: the browser then hears a
 * definite 504 (which it retries) instead of timing out itself, and a hung upstream does not hold
 * the shop's server connections for long.
 */
export const PROXY_UPSTREAM_TIMEOUT_MS = 10_000;
