// Named transport limits, shared by the browser transport, the server helper and the collector.

/** Richpanel's batch endpoint takes at most 25 events per batch (and server history goes in 25s). */
export const MAX_BATCH_EVENTS = 25;
/** Browsers cap keepalive/beacon bodies at 64 KiB in flight; 64,000 leaves room for headers. */
export const MAX_BODY_BYTES = 64_000;
/** Send this long after the last `track()` unless a batch fills first (coalesces bursts). */
export const FLUSH_DELAY_MS = 1_000;
/** A session ends after 30 minutes without activity (the industry-standard web session). */
export const SESSION_TIMEOUT_MS = 30 * 60_000;
