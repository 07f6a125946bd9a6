// Rfmcube's named limits, each with the reason for its number (the emulator uses them too).

/** Rfmcube answers 429 past 60 requests a minute (polls included), as documented. */
export const RFMCUBE_MAX_REQUESTS_PER_MINUTE = 60;
/** cartbeacon paces at 55: a margin for clock and network jitter between its timer and Rfmcube's window. */
export const RFMCUBE_DEFAULT_RATE_PER_MINUTE = 55;
/**
 * Rfmcube answers 416 past 50 MB per request. Its two API pages disagree: the Italian one
 * (https://rfmcube.com/integra-il-tuo-ecommerce-con-le-api-di-rfmcube/, "Dimensione request: La
 * dimensione massima di una request è di 50MB ... il server restituisce il codice http 416") gives 50 MB,
 * the English one ("Integrate your e-commerce with Rfmcube APIs": "The maximum size of a request is
 * 200MB ... 416") 200 MB. We take the smaller, and read "MB" as 10^6 bytes (the smaller reading too).
 */
export const RFMCUBE_MAX_REQUEST_BYTES = 50 * 1000 * 1000;
/** Imports are cut at 5 MB, far below the 50 MB limit: a retry or a 416 split then resends little. */
export const RFMCUBE_IMPORT_BYTES = 5 * 1024 * 1024;
/** 500 orders per import: 55 imports a minute then carry ~27,000 orders, and one failed process loses little. */
export const RFMCUBE_IMPORT_ORDERS = 500;
/** An import is asked about every 2 s: polls count against the 60-a-minute limit too. */
export const RFMCUBE_POLL_INTERVAL_MS = 2_000;
/** A process still running after 30 minutes is given up on (resume re-imports it: imports are upserts). */
export const RFMCUBE_POLL_TIMEOUT_MS = 30 * 60_000;
