// eSputnik's named limits, each with the reason for its number and where it is documented (the
// emulator uses them too).

/** eSputnik refuses an event over 20 KB, as documented (measured as UTF-8 bytes of the JSON body). */
export const ESPUTNIK_MAX_EVENT_BYTES = 20 * 1024;
/** eSputnik's documented maximum length of `eventTypeKey`. */
export const ESPUTNIK_MAX_EVENT_TYPE_KEY = 100;
/** eSputnik's documented maximum length of `keyValue`. */
export const ESPUTNIK_MAX_KEY_VALUE = 300;

/**
 * "Add/update contacts" (`POST /v1/contacts`) takes up to 3,000 contacts a request (eSputnik's
 * "Adding new contacts" page: "allows adding/updating up to 3000 contacts in one request").
 */
export const ESPUTNIK_MAX_CONTACTS_PER_REQUEST = 3_000;
/**
 * "Add orders" (`POST /v1/orders`) takes up to 1,000 orders a request (eSputnik's "Orders
 * automation" page: "You can transfer up to 1000 orders in one request"; yespo-woocommerce sends
 * batches of 1,000).
 */
export const ESPUTNIK_MAX_ORDERS_PER_REQUEST = 1_000;
/**
 * "Generate past events" (`POST /v1/past_events`) takes up to 500 events a request
 * (docs.esputnik.com "Sending Past Events": "You can send an array of up to 500 such events within
 * one request").
 */
export const ESPUTNIK_MAX_PAST_EVENTS_PER_REQUEST = 500;

/**
 * eSputnik's rate limits per account, as the issue quotes docs.esputnik.com "Rate Limits" (the page is
 * in the docs' navigation; its text was not in the stored copies this was built from): 350 requests
 * a second for Generate event, 100 for past events, 200 for every other resource; 429 beyond.
 */
export const ESPUTNIK_EVENTS_PER_SECOND = 350;
export const ESPUTNIK_PAST_EVENTS_PER_SECOND = 100;
export const ESPUTNIK_REST_PER_SECOND = 200;
/**
 * cartbeacon paces at 90% of each limit: a margin for clock and network jitter between its timer and
 * eSputnik's window (the same margin as Rfmcube's 55 of 60).
 */
export const ESPUTNIK_PACE_SHARE = 0.9;

/** An import session is asked about every second: imports of a few thousand contacts take seconds. */
export const ESPUTNIK_POLL_INTERVAL_MS = 1_000;
/** The first question comes sooner: a small import is often finished at once. */
export const ESPUTNIK_FIRST_POLL_MS = 100;
/** A contact import still running after 30 minutes is given up on (a resume imports it again: it is an upsert). */
export const ESPUTNIK_POLL_TIMEOUT_MS = 30 * 60_000;
