// The `context` block of every event (docs/wire-format.md), in the shape Richpanel's script uses
// where it costs few bytes (`page.qs` an object of the query parameters, `screen.density`,
// `browser.lang`). The block is read again only when the URL or title changed (single-page shops
// change them without a load), so a burst of track() calls pays for one location read each, and
// every event carries the page it was made on.

export interface Context {
  page: { url: string; path: string; referrer: string; title: string; qs: Record<string, string> };
  userAgent: string;
  timezone: string;
  locale: string;
  browser: { lang: string };
  screen: { width: number; height: number; density: number };
}

export function createContext(w: Window): () => Context {
  // navigator, location and document are read on the first event, not at start-up: the first read
  // of window.navigator makes Blink build that object (about 0.1 ms before the tracker is ready).
  // The first Intl.DateTimeFormat() costs ~15 ms (it loads time-zone data): read it when an event
  // is first serialized (in a later task), never during start-up or inside track().
  let timezone: string | undefined;
  let last: Context | undefined;
  let l: Location, d: Document;
  return () => {
    // read once, on the first event: window properties cost about 0.1 µs a read, each track()
    if (!l) {
      l = w.location;
      d = w.document;
    }
    const url = l.href;
    if (!last || last.page.url !== url || last.page.title !== d.title) {
      const n = w.navigator;
      last = {
        page: {
          url,
          path: l.pathname,
          referrer: d.referrer,
          title: d.title,
          qs: Object.fromEntries(new URLSearchParams(l.search)),
        },
        userAgent: n.userAgent,
        get timezone() {
          timezone ??= Intl.DateTimeFormat().resolvedOptions().timeZone;
          return timezone;
        },
        locale: n.language,
        browser: { lang: n.language },
        screen: { width: w.screen.width, height: w.screen.height, density: w.devicePixelRatio },
      };
    }
    return last;
  };
}
