// Named limits of the dev collector, each with its reason.
export { MAX_BATCH_EVENTS, MAX_SERVER_BATCH_EVENTS } from '../protocol/limits.js';

/** Largest ingest body: well above a browser's 64 KB keepalive cap, room for a signed server batch of 100 big orders. */
export const MAX_INGEST_BYTES = 1024 * 1024;
/** Largest body for the demo login form: a name and an email. */
export const MAX_FORM_BYTES = 16 * 1024;
/** Browsers may cache a CORS preflight this long (Chromium caps it at 2 hours). */
export const PREFLIGHT_MAX_AGE_SECONDS = 7200;
/** SSE comment sent this often so proxies and browsers keep an idle stream open. */
export const STREAM_HEARTBEAT_MS = 15_000;
/** `waitForEvents` gives up after this long unless told otherwise (well under a test timeout). */
export const DEFAULT_WAIT_MS = 10_000;
/** Status of an injected failure when the fault names none: "service unavailable" is what a client should retry. */
export const DEFAULT_FAULT_STATUS = 503;
/** Demo storefront logins last an hour (hardened tokens carry `exp`). */
export const DEMO_TOKEN_TTL_SECONDS = 3600;
/** A file-backed collector keeps the newest events in memory (for `events`, the viewer and tests); older ones stay on disk. */
export const RECENT_EVENTS = 1_000;
/** …and at most this many bytes of them, so a window of 1 MB events cannot take a gigabyte. */
export const RECENT_BYTES = 32 * 1024 * 1024;
/** eventIds remembered for deduplication: retries come within minutes, a page's backlog on the next visit; 100,000 is days of a staging shop, in ~10 MB. */
export const DEDUPE_WINDOW_IDS = 100_000;
/** Ids longer than this are remembered by their SHA-256, so long ids cannot inflate the dedupe window. */
export const MAX_EXACT_ID_CHARS = 64;
/** `GET /api/events` answers this many events unless `limit` says otherwise… */
export const DEFAULT_PAGE_EVENTS = 1_000;
/** …and never more (larger limits are clamped; follow `next` for the rest). */
export const MAX_PAGE_EVENTS = 10_000;
/** A page stops growing past this many bytes of events (at least one event is always returned). */
export const MAX_PAGE_BYTES = 16 * 1024 * 1024;
/** A filtered page reads at most this much of the data file per request; `next` continues the scan. */
export const MAX_PAGE_SCAN_BYTES = 64 * 1024 * 1024;
/** The data file is read in pieces this big: large enough to be fast, small enough to keep memory flat. */
export const FILE_CHUNK_BYTES = 1024 * 1024;
/** A stored line longer than this cannot be an event the collector wrote (bodies are at most 1 MB): skipped unread. */
export const MAX_LINE_BYTES = 8 * 1024 * 1024;
/** Distinct event names counted for filtered totals; past this (hostile names), totals of new names are unknown. */
export const MAX_COUNTED_NAMES = 10_000;
/**
 * Deepest nesting of arrays and objects the collector stores. The browser SDK cuts properties at 32
 * levels and real server payloads nest under 10; a 100,000-level payload would parse but break
 * JSON.stringify (and so the event API) later, so deeper payloads are refused at ingest.
 */
export const MAX_JSON_DEPTH = 64;
