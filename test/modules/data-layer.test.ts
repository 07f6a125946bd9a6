// @vitest-environment happy-dom
// How the module reads window.dataLayer: every entry before and after it started, once, off the
// page's push call, without changing what GTM (or any other listener) sees or gets back.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { eventIdFor } from '../../src/modules/ecommerce/event-id.js';
import { ecommerce } from '../../src/modules/ecommerce/index.js';
import { W_NO_LAYER, W_THREW } from '../../src/modules/ecommerce/warnings.js';
import { ga4 } from '../fixtures/load.js';
import { fakeGtm, fakeHost, gtagArgs, settled } from './host.js';

const w = window as unknown as Record<string, unknown> & { dataLayer?: unknown[] };
const purchase = () => ({ event: 'purchase', ecommerce: ga4('purchase') });
const addToCart = () => ({ event: 'add_to_cart', ecommerce: ga4('add_to_cart') });
const start = (options?: Record<string, unknown>) => {
  const host = fakeHost(options);
  ecommerce().setup(host);
  return host;
};

beforeEach(() => {
  delete w.dataLayer;
  delete w.shopLayer;
});
afterEach(() => vi.restoreAllMocks());

describe('reading the dataLayer', () => {
  it('maps what was pushed before the module started and every later push, in order', async () => {
    w.dataLayer = [{ event: 'gtm.js' }, { ecommerce: null }, addToCart()];
    const host = start();
    w.dataLayer.push({ ecommerce: null }, purchase());
    w.dataLayer.push({ event: 'view_cart', ecommerce: ga4('view_cart') });
    await settled();
    expect(host.calls().map(([e]) => e)).toEqual(['add_to_cart', 'order', 'view_cart']);
    expect(host.calls()[1]![2]).toBe(eventIdFor('shop-key', 'order', 'T_12345'));
  });

  it('maps a push after the page code that pushed it, not inside push()', async () => {
    w.dataLayer = [];
    const host = start();
    w.dataLayer.push(purchase());
    expect(host.track).not.toHaveBeenCalled();
    await Promise.resolve();
    expect(host.track).toHaveBeenCalledTimes(1);
  });

  it("reads gtag's arguments pushed by the gtag function Google's snippet defines", async () => {
    const host = start();
    // the snippet: window.dataLayer = window.dataLayer || []; function gtag(){dataLayer.push(arguments);}
    const gtag = new Function(
      'window.dataLayer = window.dataLayer || []; return function gtag(){dataLayer.push(arguments);}',
    )();
    gtag('js', new Date());
    gtag('config', 'G-XXXX');
    gtag('event', 'purchase', ga4('purchase'));
    await settled();
    expect(host.calls().map(([e]) => e)).toEqual(['order']);
    expect(host.calls()[0]![1]).toMatchObject({ orderId: 'T_12345', amount: 72.05 });
  });

  it('makes the dataLayer when the page has none yet (as Google snippets do), and a later GTM uses it', async () => {
    const host = start();
    expect(Array.isArray(w.dataLayer)).toBe(true);
    w.dataLayer = w.dataLayer || []; // the GTM snippet
    const gtmSaw = fakeGtm(w);
    w.dataLayer.push(purchase());
    await settled();
    expect(host.calls().map(([e]) => e)).toEqual(['order']);
    expect(gtmSaw).toHaveLength(1);
  });

  it('reads a data layer under another name (GTM dataLayerName), from ecommerce() or the load() option', async () => {
    w.shopLayer = [addToCart()];
    const fromOption = start({ ecommerce: { dataLayer: 'shopLayer' } });
    await settled();
    expect(fromOption.calls().map(([e]) => e)).toEqual(['add_to_cart']);
    const host = fakeHost();
    ecommerce({ dataLayer: 'shopLayer' }).setup(host);
    await settled();
    expect(host.calls().map(([e]) => e)).toEqual(['add_to_cart']);
  });

  it('follows a page that assigns a new array (at DOMContentLoaded and load); the first array stays read', async () => {
    const host = start();
    const first = w.dataLayer!;
    // an inline script after the module: dataLayer = [...] (not dataLayer || [])
    w.dataLayer = [purchase()];
    window.dispatchEvent(new Event('DOMContentLoaded'));
    await settled();
    expect(host.calls().map(([e]) => e)).toEqual(['order']);
    w.dataLayer.push(addToCart());
    first.push({ event: 'view_cart', ecommerce: ga4('view_cart') });
    window.dispatchEvent(new Event('load')); // the same array again: nothing read twice
    await settled();
    expect(host.calls().map(([e]) => e)).toEqual(['order', 'add_to_cart', 'view_cart']);
  });

  it('ignores a dataLayer that is not an array (W29), without throwing', async () => {
    w.dataLayer = { push: 1 } as unknown as unknown[];
    const host = start();
    await settled();
    expect(host.warn).toHaveBeenCalledWith(W_NO_LAYER, 'dataLayer');
    expect(host.track).not.toHaveBeenCalled();
  });
});

describe('what GTM and the page see', () => {
  it('GTM loaded before: it sees every push once, the same objects in order, and push returns its result', async () => {
    w.dataLayer = [{ event: 'gtm.js' }];
    const gtmSaw = fakeGtm(w, 'dataLayer', 'gtm-result');
    const host = start();
    const a = purchase();
    const b = { event: 'custom' };
    expect(w.dataLayer.push(a, b)).toBe('gtm-result');
    await settled();
    expect(gtmSaw).toEqual([{ event: 'gtm.js' }, a, b]);
    expect(gtmSaw[1]).toBe(a);
    expect([...w.dataLayer]).toEqual([{ event: 'gtm.js' }, a, b]);
    expect(host.calls().map(([e]) => e)).toEqual(['order']);
  });

  it('GTM loaded after: it wraps our push and sees the same; push returns its result', async () => {
    w.dataLayer = [addToCart()];
    const host = start();
    const gtmSaw = fakeGtm(w, 'dataLayer', 'gtm-result');
    const a = purchase();
    expect(w.dataLayer.push(a)).toBe('gtm-result');
    await settled();
    expect(gtmSaw).toEqual([w.dataLayer[0], a]);
    expect(w.dataLayer).toHaveLength(2);
    expect(host.calls().map(([e]) => e)).toEqual(['add_to_cart', 'order']);
  });

  it('calls the previous push with the same this and arguments and returns its result (the new length natively)', async () => {
    w.dataLayer = [];
    const prev = vi.fn(function (this: unknown, ..._: unknown[]) {
      return 'previous';
    });
    (w.dataLayer as { push: unknown }).push = prev;
    start();
    const other = { name: 'another this' };
    const a = { x: 1 };
    expect(w.dataLayer.push(a, 2, 'three')).toBe('previous');
    expect(w.dataLayer.push.call(other, a)).toBe('previous');
    expect(prev.mock.calls).toEqual([[a, 2, 'three'], [a]]);
    expect(prev.mock.contexts).toEqual([w.dataLayer, other]);
    delete (w.dataLayer as { push?: unknown }).push; // back to Array.prototype.push
    start();
    expect(w.dataLayer.push({ y: 1 }, { z: 2 })).toBe(2);
  });

  it("lets the previous push's exception reach the caller untouched, and maps nothing of it", async () => {
    w.dataLayer = [];
    const boom = new Error('previous push failed');
    w.dataLayer.push = () => {
      throw boom;
    };
    const host = start();
    expect(() => w.dataLayer!.push(purchase())).toThrow(boom);
    await settled();
    expect(host.track).not.toHaveBeenCalled();
  });

  it('never throws into the page: a hostile push is caught (W7) and later pushes still map', async () => {
    w.dataLayer = [];
    const host = start();
    const hostile = {
      event: 'purchase',
      get ecommerce(): unknown {
        throw new Error('getter');
      },
    };
    const revoked = Proxy.revocable({}, {});
    revoked.revoke();
    expect(() => w.dataLayer!.push(hostile, revoked.proxy, gtagArgs('event', 'purchase', revoked.proxy))).not.toThrow();
    w.dataLayer.push(purchase());
    await settled();
    expect(host.warn).toHaveBeenCalledWith(W_THREW, ['ecommerce', expect.any(Error)]);
    expect(host.calls().map(([e]) => e)).toEqual(['order']);
  });

  it('a throwing host.track does not stop the entries after it', async () => {
    w.dataLayer = [];
    const host = start();
    host.track.mockImplementationOnce(() => {
      throw new Error('track');
    });
    w.dataLayer.push(addToCart(), purchase());
    await settled();
    expect(host.track).toHaveBeenCalledTimes(2);
    expect(host.warn).toHaveBeenCalledWith(W_THREW, ['ecommerce', expect.any(Error)]);
  });
});
