// Page-leave detection in one place: `pagehide` (navigation, close, bfcache) and
// `visibilitychange` to hidden (tab switch, app switch on mobile — often the last event a page gets).

/** Calls `leave(true)` on pagehide, `leave(false)` when the page is hidden, `back()` when a page returns from the back/forward cache. */
export function onLeave(w: Window, leave: (gone: boolean) => void, back: () => void): void {
  w.addEventListener('pagehide', () => leave(true));
  w.addEventListener('pageshow', (e) => e.persisted && back());
  // fired at the document; it bubbles to the window
  w.addEventListener('visibilitychange', () => w.document.visibilityState === 'hidden' && leave(false));
}
