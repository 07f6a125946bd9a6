// Every call into the tracker goes through here, so the pages read like a shop's theme code:
// `richpanel.track(...)` with the global the pasted snippet defines.
export function track(event, properties, userProperties) {
  if (window.richpanel) window.richpanel.track(event, properties, userProperties);
}

export function identify(uid, properties) {
  if (window.richpanel) window.richpanel.identify(uid, properties);
}

/** Give up waiting for delivery after this long: the page moves on, the tracker keeps retrying. */
const FLUSH_WAIT_MS = 5000;

/** Sends what is queued now, once the core is ready; resolves true when delivered. */
export function flush() {
  const r = window.richpanel;
  if (!r) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), FLUSH_WAIT_MS);
    const done = (ok) => {
      clearTimeout(timer);
      resolve(ok);
    };
    r.atr('onload', () => Promise.resolve(window.richpanel.flush()).then(done, () => done(false)));
  });
}

export function logout() {
  if (window.richpanel) window.richpanel.logout();
}

/** The documented page_view: the core adds the page URL, title and referrer as context. */
export function pageView(type) {
  track('page_view', { pageType: type, title: document.title });
}
