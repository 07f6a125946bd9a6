// The core's part of automatic page views: it watches the page's address, so that no route change is
// missed while the page-views module (src/modules/page-views) is on its way. `changed(href, title)`
// is called at once, then a task after every history.pushState, replaceState and popstate (once
// the router has set the title); which of those are page views is the module's decision.

export function watchHistory(w: Window, changed: (href: string, title: string) => void): void {
  const h = w.history;
  const now = () => changed(w.location.href, w.document.title);
  const later = () => setTimeout(now);
  for (const name of ['pushState', 'replaceState'] as const) {
    const original = h[name];
    h[name] = function (this: History, ...args: Parameters<History['pushState']>) {
      later(); // the task runs after the call, so it may be scheduled before it
      return original.apply(this, args);
    };
  }
  w.addEventListener('popstate', later);
  now();
}
