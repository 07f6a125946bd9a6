// Runtime half of the browser guard (the other half is the `browser` export condition,
// src/server-browser.ts): server code handles the API secret, which must never reach a page.
import { CartbeaconError } from './errors.js';

/** Throws when called where a DOM exists: a browser, or a bundle that shipped server code to one. */
export function assertNotBrowser(): void {
  const g = globalThis as { window?: unknown; document?: unknown };
  if (typeof g.window !== 'undefined' || typeof g.document !== 'undefined') {
    throw new CartbeaconError(
      'cartbeacon/server is Node-only: it handles your API secret, which must never reach a browser. ' +
        "Import 'cartbeacon' in browser code and call cartbeacon/server from your backend.",
    );
  }
}
