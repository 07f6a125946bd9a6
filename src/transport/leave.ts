// Page-leave detection in one place: `pagehide` (navigation, close, bfcache) and
// `visibilitychange` to hidden (tab switch, app switch on mobile — often the last event a page gets).

export function onLeave(w: Window, leave: () => void): void {
  w.addEventListener('pagehide', leave);
  w.document.addEventListener('visibilitychange', () => {
    if (w.document.visibilityState === 'hidden') leave();
  });
}
