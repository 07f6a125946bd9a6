// Where things live on a Richpanel-compatible host: one place for every path and URL.

/** Where events go unless `host` says otherwise. */
export const DEFAULT_HOST = 'https://api.richpanel.com';
/** Batches of events (`{"hs"}`), from browsers and signed from servers. */
export const BATCH_PATH = '/v2/bt';
/** One event per request, `{"h"}`: Richpanel's own script. */
export const SINGLE_PATH = '/v3/t';
/** One signed event per request, `{"s", "h"}`: Richpanel's server plugins. */
export const SIGNED_SINGLE_PATH = '/v2/t';
/** The tracking script: `<host>/v2/j/<KEY>?version=2.0.0`. */
export const SCRIPT_PATH = '/v2/j/';
/** The `version` query of the documented script URL (Richpanel's, not cartbeacon's, version). */
export const SCRIPT_VERSION = '2.0.0';
/** Richpanel's messenger (chat widget); `?version=<YYYYMMDD, UTC>` is appended as its script does. */
export const MESSENGER_URL = 'https://cdn-v2.richpanel.com/js/micro-app-v2.js';

/**
 * `https://host/` → `https://host` (paths are appended to it). Without a RegExp: in the browser it
 * runs at start-up, on pages whose polyfills may have broken `String.prototype.replace` for RegExps.
 */
export const trimHost = (host: string): string => {
  while (host.endsWith('/')) host = host.slice(0, -1);
  return host;
};
