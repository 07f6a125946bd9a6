// The `context` block of every event (DESIGN.md). What cannot change during a page's life is read
// once; the page part is read per event because single-page shops change the URL without a load.

export interface Context {
  page: { url: string; path: string; referrer: string; title: string; qs: string };
  userAgent: string;
  timezone: string;
  locale: string;
  screen: { width: number; height: number };
}

export function createContext(w: Window): () => Context {
  const n = w.navigator;
  let timezone = '';
  try {
    timezone = Intl.DateTimeFormat().resolvedOptions().timeZone || '';
  } catch {
    // very old browsers have no Intl time zones
  }
  const fixed = {
    userAgent: n.userAgent,
    timezone,
    locale: n.language || '',
    screen: { width: w.screen ? w.screen.width : 0, height: w.screen ? w.screen.height : 0 },
  };
  return () => {
    const l = w.location;
    const d = w.document;
    return {
      page: { url: l.href, path: l.pathname, referrer: d.referrer, title: d.title, qs: l.search },
      ...fixed,
    };
  };
}
