// The network shell: one POST, answered as a status (0 = network error or timeout). Never throws.
// Every browser the core supports (ES2020) has fetch, keepalive and AbortController: no XHR path.
import type { Answer } from '../protocol/wire.js';
import { BROWSER_REQUEST_TIMEOUT_MS } from '../protocol/timeouts.js';

/** POSTs a JSON body with fetch keepalive (a navigation does not cancel it); aborted after 15 s. */
export const post = async (url: string, body: string): Promise<Answer> => {
  try {
    const ctl = new AbortController();
    setTimeout(() => ctl.abort(), BROWSER_REQUEST_TIMEOUT_MS);
    const r = await fetch(url, {
      method: 'POST',
      body,
      keepalive: true,
      headers: { 'Content-Type': 'application/json' },
      signal: ctl.signal,
    });
    // Read the answer to its end: Chromium counts an unread keepalive response against its 64 KB
    // in-flight keepalive quota, and once that is full every later send fails.
    await r.text();
    return { status: r.status, retryAfter: r.headers.get('Retry-After') };
  } catch {
    return { status: 0, retryAfter: null };
  }
};

/**
 * Hands a body to the browser for delivery after the page is gone: sendBeacon, else fetch
 * keepalive. Both send a string body as `text/plain;charset=UTF-8` (a CORS-simple request that
 * needs no preflight). True when handed off.
 */
export function beacon(url: string, body: string): boolean {
  try {
    if (!navigator.sendBeacon?.(url, body)) fetch(url, { method: 'POST', body, keepalive: true }).catch(() => {});
    return true;
  } catch {
    return false; // fetch throws synchronously when the keepalive quota is used up
  }
}
