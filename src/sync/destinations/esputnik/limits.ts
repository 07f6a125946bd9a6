// eSputnik's named limits, each with the reason for its number (the emulator uses them too).

/** eSputnik refuses an event over 20 KB, as documented (measured as UTF-8 bytes of the JSON body). */
export const ESPUTNIK_MAX_EVENT_BYTES = 20 * 1024;
/** eSputnik's documented maximum length of `eventTypeKey`. */
export const ESPUTNIK_MAX_EVENT_TYPE_KEY = 100;
/** eSputnik's documented maximum length of `keyValue`. */
export const ESPUTNIK_MAX_KEY_VALUE = 300;
/** eSputnik documents no rate for Generate event: 10 a second keeps a history sync polite. */
export const ESPUTNIK_DEFAULT_RATE_PER_MINUTE = 600;
