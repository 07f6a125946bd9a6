// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { createContext } from '../../src/core/context.js';

describe('createContext', () => {
  it("describes the page, browser, time zone, locale and screen in Richpanel's shape", () => {
    document.title = 'Shop – Cart';
    history.replaceState({}, '', '/cart?utm_source=mail&q=a%20b');
    const ctx = createContext(window)();
    expect(ctx).toEqual({
      page: {
        url: location.href,
        path: location.pathname,
        referrer: document.referrer,
        title: 'Shop – Cart',
        qs: { utm_source: 'mail', q: 'a b' },
      },
      userAgent: navigator.userAgent,
      timezone: Intl.DateTimeFormat().resolvedOptions().timeZone,
      locale: navigator.language,
      browser: { lang: navigator.language },
      screen: { width: screen.width, height: screen.height, density: window.devicePixelRatio },
    });
  });

  it('reads the page again for each event (single-page shops change the URL without a load)', () => {
    const context = createContext(window);
    history.pushState({}, '', '/products/shoe?color=red');
    document.title = 'Shoe';
    expect(context().page).toMatchObject({ path: '/products/shoe', qs: { color: 'red' }, title: 'Shoe' });
    history.pushState({}, '', '/cart');
    expect(context().page).toMatchObject({ path: '/cart', qs: {} });
  });

  it('reads nothing from the window at start-up, only when the first event needs it', () => {
    const read: string[] = [];
    const w = new Proxy(window, {
      get: (target, key) => {
        read.push(String(key));
        const v = Reflect.get(target, key, target);
        return typeof v === 'function' ? v.bind(target) : v;
      },
    });
    const context = createContext(w);
    expect(read).toEqual([]);
    expect(context().page.url).toBe(location.href);
    expect(read).toEqual(expect.arrayContaining(['location', 'document', 'navigator']));
    // later events read them from the closure: a window property costs about 0.1 µs a read
    read.length = 0;
    context();
    expect(read).toEqual([]);
  });
});
