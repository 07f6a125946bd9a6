// Page-leave detection in one place: `pagehide` (navigation, close, bfcache) and
// `visibilitychange` to hidden (tab switch, app switch on mobile — often the last event a page gets).

/**
 * Calls `leave(gone)` with the pagehide event (truthy: the page is going away) on pagehide, with
 * nothing when the page is hidden, and `back()` when a hidden page is shown again or a page returns
 * from the back/forward cache.
 */
export function onLeave(w: Window, leave: (gone?: Event) => void, back: () => void): void {
  w.addEventListener('pagehide', leave);
  w.addEventListener('pageshow', (e) => e.persisted && back());
  // fired at the document; it bubbles to the window
  w.addEventListener('visibilitychange', () => (w.document.visibilityState === 'hidden' ? leave() : back()));
}
