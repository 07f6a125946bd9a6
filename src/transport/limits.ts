// Named limits of the browser transport (wire-format limits are in src/protocol/limits.ts).

/** Send this long after the last `track()` unless a batch fills first (coalesces bursts). */
export const FLUSH_DELAY_MS = 1_000;
/** Bodies handed to a beacon after a refusal are cut this small: browsers refuse big ones first. */
export const SMALL_BODY_BYTES = 16_000;
/** A second look for backlogs of pages that were still closing when this one started. */
export const ADOPT_AGAIN_MS = 5_000;
