// The network shell: one POST, answered as a status (0 = network error or timeout). Never throws.

import type { Answer } from '../protocol/wire.js';
import { BROWSER_REQUEST_TIMEOUT_MS as REQUEST_TIMEOUT_MS } from '../protocol/timeouts.js';

/** POSTs a JSON body with fetch (keepalive, so a navigation does not cancel it), else XHR. */
export function post(url: string, body: string): Promise<Answer> {
  return new Promise<Answer>((resolve) => {
    const fail = () => resolve({ status: 0, retryAfter: null });
    try {
      if (typeof fetch === 'function') {
        const ctl = typeof AbortController === 'function' ? new AbortController() : undefined;
        const timer = setTimeout(() => (ctl ? ctl.abort() : fail()), REQUEST_TIMEOUT_MS);
        fetch(url, {
          method: 'POST',
          body,
          keepalive: true,
          headers: { 'Content-Type': 'application/json' },
          signal: ctl?.signal,
        })
          // Read the answer to its end: Chromium counts an unread keepalive response against its
          // 64 KB in-flight keepalive quota, and once that is full every later send fails.
          .then((r) => r.text().then(() => ({ status: r.status, retryAfter: r.headers.get('Retry-After') })))
          .then(resolve, fail)
          .finally(() => clearTimeout(timer));
      } else {
        const x = new XMLHttpRequest();
        x.open('POST', url);
        x.setRequestHeader('Content-Type', 'application/json');
        x.timeout = REQUEST_TIMEOUT_MS;
        x.onloadend = () => resolve({ status: x.status, retryAfter: x.getResponseHeader('Retry-After') });
        x.send(body);
      }
    } catch {
      fail();
    }
  });
}

/**
 * Hands a body to the browser for delivery after the page is gone: sendBeacon (text/plain, a
 * CORS-simple request that needs no preflight), else fetch keepalive. True when handed off.
 */
export function beacon(url: string, body: string): boolean {
  try {
    const n = navigator;
    if (n.sendBeacon?.(url, body)) return true;
    if (typeof fetch !== 'function') return false;
    fetch(url, { method: 'POST', body, keepalive: true, headers: { 'Content-Type': 'text/plain' } }).catch(() => {});
    return true;
  } catch {
    return false; // fetch throws synchronously when the keepalive quota is used up
  }
}
