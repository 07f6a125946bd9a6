// @vitest-environment happy-dom
// The module as the core runs it: the JSON-LD view_product rule, its options, and a purchase
// through the real tracker — one order, however often the thank-you page loads.
import { request } from 'node:http';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startCollector } from '../../src/collector/collector.js';
import { encodeHs } from '../../src/protocol/encode.js';
import { SETTLE_MS } from '../../src/modules/ecommerce/ecommerce.js';
import { eventIdFor } from '../../src/modules/ecommerce/event-id.js';
import { ecommerce } from '../../src/modules/ecommerce/index.js';
import { events, env, tracker, useTrackerEnv } from '../core/tracker-env.js';
import { ga4, JSON_LD_FIXTURE } from '../fixtures/load.js';
import { fakeHost } from './host.js';

const w = window as unknown as { dataLayer?: unknown[] };
const viewItem = (id = 'SKU_12345') => ({
  event: 'view_item',
  ecommerce: { ...ga4('view_item'), items: [{ ...(ga4('view_item').items as object[])[0], item_id: id }] },
});
const withJsonLd = (block: unknown) => {
  const s = document.createElement('script');
  s.type = 'application/ld+json';
  s.textContent = JSON.stringify(block);
  document.head.append(s);
};
const views = (host: ReturnType<typeof fakeHost>) =>
  host
    .calls()
    .filter(([e]) => e === 'view_product')
    .map(([, p]) => p);

describe('the module', () => {
  it('is named ecommerce, and setup never throws, even without a window (SSR)', () => {
    const m = ecommerce();
    expect(m.name).toBe('ecommerce');
    const host = fakeHost();
    vi.stubGlobal('window', undefined);
    try {
      expect(() => m.setup(host)).not.toThrow();
    } finally {
      vi.unstubAllGlobals();
    }
    expect(host.warn).toHaveBeenCalledWith(7, ['ecommerce', expect.any(Error)]);
  });
});

describe('JSON-LD: one view_product for a product page that pushes no view_item', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    delete w.dataLayer;
    document.head.innerHTML = '';
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  it(`sends it ${SETTLE_MS} ms after load, from the JSON-LD`, async () => {
    withJsonLd(JSON_LD_FIXTURE.graph);
    const host = fakeHost();
    ecommerce().setup(host);
    await vi.advanceTimersByTimeAsync(SETTLE_MS - 1);
    expect(views(host)).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(views(host)).toEqual([
      {
        id: 'anvil-42',
        sku: '0446310786',
        name: 'Executive Anvil',
        price: 119.99,
        currency: 'EUR',
        url: 'https://example.com/anvil',
        imageURL: 'https://example.com/photos/anvil.jpg',
      },
    ]);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(views(host)).toHaveLength(1);
  });

  it('waits for the load event when the page is still loading', async () => {
    withJsonLd(JSON_LD_FIXTURE.offer);
    vi.spyOn(document, 'readyState', 'get').mockReturnValue('loading');
    const host = fakeHost();
    ecommerce().setup(host);
    await vi.advanceTimersByTimeAsync(10 * SETTLE_MS);
    expect(views(host)).toEqual([]);
    window.dispatchEvent(new Event('load'));
    await vi.advanceTimersByTimeAsync(SETTLE_MS);
    expect(views(host)).toHaveLength(1);
  });

  it('sends none when a view_item was pushed before the module started, or before the settle', async () => {
    withJsonLd(JSON_LD_FIXTURE.offer);
    w.dataLayer = [viewItem()];
    const before = fakeHost();
    ecommerce().setup(before);
    await vi.advanceTimersByTimeAsync(SETTLE_MS);
    expect(views(before).map((p) => p.id)).toEqual(['SKU_12345']);

    delete w.dataLayer;
    const during = fakeHost();
    ecommerce().setup(during);
    await vi.advanceTimersByTimeAsync(SETTLE_MS / 2);
    w.dataLayer!.push(viewItem());
    await vi.advanceTimersByTimeAsync(SETTLE_MS);
    expect(views(during).map((p) => p.id)).toEqual(['SKU_12345']);
  });

  it('a UA detail counts as the view too', async () => {
    withJsonLd(JSON_LD_FIXTURE.offer);
    w.dataLayer = [{ ecommerce: { detail: { products: [{ id: '12345', name: 'Tee' }] } } }];
    const host = fakeHost();
    ecommerce().setup(host);
    await vi.advanceTimersByTimeAsync(SETTLE_MS);
    expect(views(host).map((p) => p.id)).toEqual(['12345']);
  });

  it('a view_item of the same product after the JSON-LD view is not a second view; another product is', async () => {
    withJsonLd(JSON_LD_FIXTURE.offer); // id 0446310786
    const host = fakeHost();
    ecommerce().setup(host);
    await vi.advanceTimersByTimeAsync(SETTLE_MS);
    w.dataLayer!.push(viewItem('0446310786'));
    w.dataLayer!.push(viewItem('OTHER'));
    w.dataLayer!.push(viewItem('0446310786')); // viewed again later: a view
    await vi.advanceTimersByTimeAsync(0);
    expect(views(host).map((p) => p.id)).toEqual(['0446310786', 'OTHER', '0446310786']);
  });

  it('sends none on a page without a Product (a category page)', async () => {
    withJsonLd(JSON_LD_FIXTURE.listing);
    const host = fakeHost();
    ecommerce().setup(host);
    await vi.advanceTimersByTimeAsync(SETTLE_MS);
    expect(host.track).not.toHaveBeenCalled();
  });

  it('sends none with jsonLd: false, from ecommerce() or the load() option', async () => {
    withJsonLd(JSON_LD_FIXTURE.offer);
    const off = fakeHost();
    ecommerce({ jsonLd: false }).setup(off);
    const offByOption = fakeHost({ ecommerce: { jsonLd: false } });
    ecommerce().setup(offByOption);
    await vi.advanceTimersByTimeAsync(SETTLE_MS);
    expect(off.track).not.toHaveBeenCalled();
    expect(offByOption.track).not.toHaveBeenCalled();
  });
});

/** POSTs a browser batch of `evs` to the collector and returns its answer. */
const post = (url: string, evs: object[]) =>
  new Promise<Record<string, unknown>>((resolve, reject) => {
    const body = JSON.stringify({ hs: encodeHs({ event: 'send_batch', appClientId: env.key, events: evs }) });
    const req = request(`${url}/v2/bt`, { method: 'POST', headers: { 'Content-Type': 'application/json' } }, (res) => {
      let text = '';
      res.on('data', (c) => {
        text += c;
      });
      res.on('end', () => resolve(JSON.parse(text)));
    });
    req.on('error', reject);
    req.end(body);
  });

describe('through the real tracker', () => {
  useTrackerEnv();

  it('a thank-you page loaded twice, with the purchase pushed twice, is one order at the collector', async () => {
    const orders = [];
    for (let load = 0; load < 2; load++) {
      // a fresh page whose theme pushed the purchase twice (an inline script and a GTM tag) before the core came
      const push = () => ({ event: 'purchase', ecommerce: ga4('purchase') });
      w.dataLayer = [{ ecommerce: null }, push(), push()];
      const t = tracker();
      ecommerce({ jsonLd: false }).setup({ track: t.track, apiKey: env.key, options: {}, warn: () => {} });
      await vi.advanceTimersByTimeAsync(0);
      await t.flush();
      orders.push(...events().filter((e) => e.event === 'order'));
      env.fetchMock.mockClear();
    }
    // the core kept the derived eventId on all four
    expect(orders.map((e) => e.eventId)).toEqual(Array(4).fill(eventIdFor(env.key, 'order', 'T_12345')));
    expect(orders[0]!.properties).toMatchObject({ orderId: 'T_12345', amount: 72.05, currency: 'USD' });
    vi.useRealTimers();
    const collector = await startCollector({ apiKey: env.key });
    try {
      expect(await post(collector.url, orders.slice(0, 2))).toEqual({ status: 'ok', accepted: 1, duplicates: 1 });
      expect(await post(collector.url, orders.slice(2))).toEqual({ status: 'ok', accepted: 0, duplicates: 2 });
      expect(collector.events.filter((e) => e.name === 'order').map((e) => e.id)).toEqual([orders[0]!.eventId]);
    } finally {
      await collector.close();
    }
  });
});
