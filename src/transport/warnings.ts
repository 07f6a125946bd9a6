// Debug warnings as short codes: the core prints `[cartbeacon] W<code>` (with a detail), and the
// README's "Debug codes" table says what each means. Full sentences cost about 400 bytes of gzip in
// a script every shopper downloads; the codes cost a few. Numbers never change meaning.

/** createTracker without an apiKey: tracking is off. */
export const W_NO_KEY = 1;
/** track() without an event name: ignored. */
export const W_NO_EVENT = 2;
/** identify() without a uid: ignored. */
export const W_NO_UID = 3;
/** atr() takes ("onload", fn). */
export const W_ATR = 4;
/** consent() takes "granted" or "denied": ignored. */
export const W_CONSENT_ARG = 5;
/** An unknown method in the queue: ignored. */
export const W_UNKNOWN_METHOD = 6;
/** A method threw (caught; detail: the method and the error). */
export const W_THREW = 7;
/** Consent denied: an event was dropped. */
export const W_DENIED_EVENT = 8;
/** Consent denied: the events waiting for consent were dropped (detail: how many). */
export const W_DENIED_WAITING = 9;
/** An `order` lacks a documented required field (detail: which); it is sent all the same. Checked only while debug is on. */
export const W_ORDER_FIELD = 10;
/** identify() properties over 4,096 characters: the largest values were left out. */
export const W_USER_CUT = 11;
/** properties (or userProperties) were not an object: sent {}. */
export const W_NOT_OBJECT = 12;
/** A string over 8,192 characters was cut. */
export const W_LONG_STRING = 13;
/** A DOM node or window was left out. */
export const W_DOM = 14;
/** Nesting deeper than 32 levels was cut ("[depth]"). */
export const W_DEEP = 15;
/** A `__proto__` key was left out. */
export const W_PROTO_KEY = 16;
/** An unreadable property (throwing getter, revoked proxy) was left out. */
export const W_UNREADABLE = 17;
/** The stored backlog was full: events were dropped, the oldest that are not orders first, orders only when orders alone fill it (detail: how many). */
export const W_BACKLOG_FULL = 18;
/** An event too large for any request body (about 48 KB of JSON) was dropped. */
export const W_TOO_LARGE = 19;
/** A send failed and will be retried (detail: the status, 0 for a network error). */
export const W_RETRY = 20;
/** The collector refused a batch for good (4xx): dropped (detail: the status). */
export const W_REFUSED = 21;
/** Sending threw (a page broke a built-in): the events stay queued and stored. */
export const W_SEND_THREW = 22;
/** Storage is full, blocked or unwritable: events are kept in memory only. */
export const W_STORAGE = 23;
/** An unreadable stored backlog was removed. */
export const W_BAD_BACKLOG = 24;
/** Start-up failed (a page broke a built-in it uses): tracking goes on in memory only, nothing stored (detail: the error). */
export const W_START_FAILED = 25;
/** The messenger script could not be added (a throwing DOM method, Trusted Types refusing its URL). */
export const W_MESSENGER = 26;
/** (e-commerce module) A push lacks what its event needs (a transaction id, a product id or name): not sent. */
export const W_EC_MISSING = 27;
/** (e-commerce module) A value was unusable (not a number, items not a list, over 200 items): sent without it. */
export const W_EC_VALUE = 28;
/** (e-commerce module) The data layer is not an array (or its push is not a function): not read. */
export const W_EC_NO_LAYER = 29;
/** An option needs its module, which is not here (npm: pass it in `use`; detail: the module's name). */
export const W_NO_MODULE = 30;
/** A module file could not be loaded (blocked, missing, an integrity mismatch; detail: its name). */
export const W_MODULE_FAILED = 31;
