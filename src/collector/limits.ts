// Named limits of the dev collector, each with its reason.
export { MAX_BATCH_EVENTS } from '../protocol/limits.js';

/** Largest ingest body: well above a browser's 64 KB keepalive cap, room for signed server batches of 25 big orders. */
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
