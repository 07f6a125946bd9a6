// Automatic page views for single-page storefronts: a `page_view` on start, then whenever the path
// or query string changes — never twice in a row for the same path + query (routers call
// replaceState for scroll positions), never for a hash-only change. The core watches the address
// (src/core/history.ts) and calls `route` with it, also for changes made while this module was on
// its way; `referrer` is the previous page of the app.
import type { CartbeaconModule } from '../module.js';

/** The page-views module: `createTracker({ apiKey, pageViews: 'history', use: [pageViews()] })`. */
export const pageViews = (): CartbeaconModule => ({
  name: 'page-views',
  setup({ track }) {
    let last = '';
    let referrer = document.referrer;
    return {
      route(href, title) {
        const u = new URL(href);
        const key = u.pathname + u.search;
        if (key === last) return;
        last = key;
        track('page_view', { url: href, path: u.pathname, title, referrer });
        referrer = href;
      },
    };
  },
});
