// The network shell: one POST, answered as a status (0 = network error or timeout), and the hand-off
// of a body on page leave. Never throws. Every browser the core supports (ES2020) has fetch,
// keepalive and AbortController: no XHR path.
//
// `fetch` and `sendBeacon` are taken once, when the transport starts (ARCHITECTURE.md "Decisions"):
// a page that replaces or breaks them later no longer reaches the core. sendBeacon comes from
// `Navigator.prototype`, not from `navigator`: the common wrapper put on the instance
// (`var sb = navigator.sendBeacon; navigator.sendBeacon = function (u, d) { return sb(u, d) }`)
// throws "Illegal invocation" at every call.
import { BROWSER_REQUEST_TIMEOUT_MS } from '../protocol/timeouts.js';

/**
 * The answer to a POST: the HTTP status (0 for a network error or a timeout) and the `Retry-After`
 * header (null or absent when there was none). A pair, not protocol/wire's `Answer` object: its two
 * keys would be the only unmangled names of the send path (about 20 B gzip of the core).
 */
export type Answer = [status: number, retryAfter?: string | null];

export interface Net {
  /** POSTs a JSON body with fetch keepalive (a navigation does not cancel it); aborted after 15 s. */
  _post(url: string, body: string): Promise<Answer>;
  /**
   * Hands a body to the browser for delivery after the page is gone: sendBeacon, else fetch
   * keepalive. Both send a string body as `text/plain;charset=UTF-8` (a CORS-simple request that
   * needs no preflight). True when handed off.
   */
  _beacon(url: string, body: string): boolean;
}

export function createNet(w: Window): Net {
  const f = w.fetch;
  const sendBeacon = (w as { Navigator?: typeof Navigator }).Navigator?.prototype.sendBeacon;
  return {
    async _post(url, body) {
      try {
        const ctl = new AbortController();
        setTimeout(() => ctl.abort(), BROWSER_REQUEST_TIMEOUT_MS);
        const r = await f(url, {
          method: 'POST',
          body,
          keepalive: true,
          headers: { 'Content-Type': 'application/json' },
          signal: ctl.signal,
        });
        // Read the answer to its end: Chromium counts an unread keepalive response against its 64 KB
        // in-flight keepalive quota, and once that is full every later send fails.
        await r.text();
        return [r.status, r.headers.get('Retry-After')];
      } catch {
        return [0];
      }
    },
    _beacon(url, body) {
      try {
        if (sendBeacon?.call(navigator, url, body)) return true;
      } catch {
        // a sendBeacon the page broke: fetch keepalive below, in its own try
      }
      try {
        f(url, { method: 'POST', body, keepalive: true }).catch(() => {});
        return true;
      } catch {
        return false; // fetch throws synchronously when the keepalive quota is used up
      }
    },
  };
}
