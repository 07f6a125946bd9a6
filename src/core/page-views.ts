// Automatic page views for single-page storefronts: a `page_view` on start, then whenever the path
// or query string changes through history.pushState, replaceState or popstate — never twice in a
// row for the same path + query (routers call replaceState for scroll positions), never for a
// hash-only change. The check runs a task later, once the router has updated the title.

/** `page_view` properties: the new page, and `referrer` the previous page of the app. */
export interface PageView {
  url: string;
  path: string;
  title: string;
  referrer: string;
}

export function watchPageViews(w: Window, send: (view: PageView) => void): void {
  const h = w.history;
  const l = w.location;
  let last = '';
  let referrer = w.document.referrer;
  const check = () => {
    const key = l.pathname + l.search;
    if (key === last) return;
    last = key;
    send({ url: l.href, path: l.pathname, title: w.document.title, referrer });
    referrer = l.href;
  };
  const later = () => setTimeout(check);
  for (const name of ['pushState', 'replaceState'] as const) {
    const original = h[name];
    h[name] = function (this: History, ...args: Parameters<History['pushState']>) {
      later(); // the check runs a task later, so it may be scheduled before the call
      return original.apply(this, args);
    };
  }
  w.addEventListener('popstate', later);
  check();
}
