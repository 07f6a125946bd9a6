// Optional modules in Chromium (issue 26): the script-tag core loads the module list and a module's
// file only when its option is on, each with its SRI hash, from the dev server (`<host>/v2/m/`), from
// the directory of `src`, or through cartbeacon/proxy; nothing is lost while a module is on its way;
// a file that is not of the core's build is refused. The e-commerce module turns a page's GA4 and
// Universal Analytics data layer into Richpanel's events, and a reloaded thank-you page is one order.
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { startCollector } from '../../src/collector/index.js';
import type { RunningCollector, StoredEvent } from '../../src/collector/index.js';
import type * as ProxyModule from '../../src/proxy.js';
import { expect, KEY, test } from './fixtures.js';

type DL = { dataLayer: unknown[]; gtag: (...a: unknown[]) => void };
type RP = {
  richpanel: { track: (...a: unknown[]) => void; debug: (on?: boolean) => void; flush: () => Promise<boolean> };
};

const integrity = JSON.parse(readFileSync('dist/integrity.json', 'utf8')) as Record<string, string>;

/** GA4's purchase, as Google's examples push it. */
const PURCHASE = {
  event: 'purchase',
  ecommerce: {
    transaction_id: 'T_12345',
    value: 72.05,
    tax: 3.6,
    shipping: 5.99,
    currency: 'USD',
    coupon: 'SUMMER_SALE',
    items: [
      { item_id: 'SKU_12345', item_name: 'Stan and Friends Tee', item_variant: 'green', price: 10.01, quantity: 3 },
      { item_id: 'SKU_12346', item_name: "Google Grey Women's Tee", item_variant: 'gray', price: 21.01, quantity: 2 },
    ],
  },
};

const url = (collector: RunningCollector, opts: object, early: unknown[] = [], path = '/ecommerce.html') =>
  `${collector.url}${path}?opts=${encodeURIComponent(JSON.stringify(opts))}&early=${encodeURIComponent(JSON.stringify(early))}`;

async function live(page: Page): Promise<void> {
  await page.waitForFunction(() => (window as unknown as { richpanel?: { live?: boolean } }).richpanel?.live === true);
}

/** The module files the page asked for, by path. */
function moduleRequests(page: Page): string[] {
  const seen: string[] = [];
  page.on('request', (r) => {
    const u = new URL(r.url());
    if (/\/v2\/m\/|richpanel\.[a-z-]+\.min\.js$/.test(u.pathname)) seen.push(u.pathname);
  });
  return seen;
}

const named = (events: StoredEvent[], name: string) => events.filter((e) => e.name === name);
const props = (e: StoredEvent | undefined) => e?.event.properties as Record<string, unknown>;

test('a page without a module option loads no module file and sends nothing from its data layer', async ({
  page,
  collector,
}) => {
  const asked = moduleRequests(page);
  await page.goto(url(collector, { host: 'origin' }, [PURCHASE]));
  await live(page);
  await page.evaluate(async () => {
    const w = window as unknown as DL & RP;
    w.gtag('event', 'add_to_cart', { items: [{ item_id: 'p1', item_name: 'P1', price: 1, quantity: 1 }] });
    w.richpanel.track('marker');
    await w.richpanel.flush();
  });
  await collector.waitForEvents(1);
  await page.waitForTimeout(500);
  expect(collector.events.map((e) => e.name)).toEqual(['marker']);
  expect(asked).toEqual([]);
});

test("ecommerce: 'dataLayer' from the dev server: GA4 object and gtag forms and UA objects become Richpanel's events", async ({
  page,
  collector,
}) => {
  const asked = moduleRequests(page);
  await page.goto(url(collector, { host: 'origin', ecommerce: 'dataLayer' }, [{ ecommerce: null }, PURCHASE]));
  await live(page);
  await page.evaluate(() => {
    const { dataLayer, gtag } = window as unknown as DL;
    dataLayer.push({ event: 'gtm.js' }); // not commerce: nothing
    gtag('event', 'add_to_cart', {
      currency: 'EUR',
      items: [{ item_id: 'SKU_9', item_name: 'Scarf', price: 19.5, quantity: 2 }],
    });
    dataLayer.push({ ecommerce: null });
    dataLayer.push({
      event: 'begin_checkout',
      ecommerce: {
        currency: 'EUR',
        value: 39,
        items: [{ item_id: 'SKU_9', item_name: 'Scarf', price: 19.5, quantity: 2 }],
      },
    });
    // Universal Analytics enhanced e-commerce, without an event key (themes push it for the page view tag)
    dataLayer.push({
      ecommerce: { detail: { products: [{ id: 'UA_1', name: 'Boots', price: '89.00', variant: 'brown' }] } },
    });
  });
  await collector.waitForEvents(4);
  await page.waitForTimeout(500);
  const order = named(collector.events, 'order');
  expect(order).toHaveLength(1);
  expect(props(order[0])).toMatchObject({
    orderId: 'T_12345',
    amount: 72.05,
    taxAmount: 3.6,
    shippingAmount: 5.99,
    currency: 'USD',
    items: [
      { id: 'SKU_12345', name: 'Stan and Friends Tee', price: 10.01, quantity: 3, optionId: 'green' },
      { id: 'SKU_12346', name: "Google Grey Women's Tee", price: 21.01, quantity: 2, optionId: 'gray' },
    ],
  });
  expect(props(named(collector.events, 'add_to_cart')[0])).toMatchObject({
    id: 'SKU_9',
    quantity: 2,
    price: 19.5,
    currency: 'EUR',
  });
  expect(props(named(collector.events, 'checkout_start')[0])).toMatchObject({ amount: 39, currency: 'EUR' });
  expect(props(named(collector.events, 'view_product')[0])).toMatchObject({
    id: 'UA_1',
    name: 'Boots',
    price: 89,
    optionId: 'brown',
  });
  expect(collector.events.map((e) => e.name).sort()).toEqual([
    'add_to_cart',
    'checkout_start',
    'order',
    'view_product',
  ]);
  expect(asked).toEqual(['/v2/m/modules.min.js', '/v2/m/ecommerce.min.js']);
  expect(await page.evaluate(() => (window as unknown as { uncaught: string[] }).uncaught)).toEqual([]);
});

test('a reloaded thank-you page, or a purchase pushed twice, is one order at the collector', async ({
  page,
  collector,
}) => {
  await page.goto(url(collector, { host: 'origin', ecommerce: true }, [PURCHASE, PURCHASE]));
  await live(page);
  await collector.waitForEvents(1);
  await page.reload();
  await live(page);
  await page.evaluate(() => (window as unknown as RP).richpanel.flush());
  // both pages sent it (three times in all); the collector kept one, by its derived eventId
  await expect
    .poll(() => collector.requests.flatMap((r) => r.eventIds).length, { timeout: 10_000 })
    .toBeGreaterThanOrEqual(3);
  await page.waitForTimeout(500);
  const orders = named(collector.events, 'order');
  expect(orders).toHaveLength(1);
  const sent = collector.requests.flatMap((r) => r.eventIds).filter((id) => id === orders[0]!.id);
  expect(sent.length).toBeGreaterThanOrEqual(2);
});

test('modules load from the directory of src, pinned by SRI: the core with its integrity, the list and the module by theirs', async ({
  page,
  collector,
}) => {
  const asked = moduleRequests(page);
  const opts = {
    src: '/dist/richpanel.min.js',
    integrity: integrity['richpanel.min.js'],
    host: 'origin',
    ecommerce: 'dataLayer',
  };
  await page.goto(url(collector, opts, [PURCHASE]));
  await live(page);
  await collector.waitForEvents(1);
  expect(named(collector.events, 'order')).toHaveLength(1);
  expect(asked).toEqual(['/dist/richpanel.modules.min.js', '/dist/richpanel.ecommerce.min.js']);
  const scripts = await page.evaluate(() =>
    [...document.scripts].filter((s) => /modules|ecommerce/.test(s.src)).map((s) => [s.integrity, s.crossOrigin]),
  );
  expect(scripts).toEqual([
    [integrity['richpanel.modules.min.js'], 'anonymous'],
    [integrity['richpanel.ecommerce.min.js'], 'anonymous'],
  ]);
});

test('a module file that is not of the core build is refused (SRI): no module, W31 in debug, every other event sent', async ({
  page,
  collector,
}) => {
  await page.route('**/v2/m/ecommerce.min.js', (route) =>
    route.fulfill({
      contentType: 'application/javascript',
      body: 'window.richpanel.m.push({name:"ecommerce",setup(){}})',
    }),
  );
  const warnings: string[] = [];
  page.on('console', (m) => warnings.push(m.text()));
  await page.goto(url(collector, { host: 'origin', ecommerce: 'dataLayer' }, [PURCHASE]));
  await live(page);
  await page.evaluate(() => {
    const w = window as unknown as RP;
    w.richpanel.debug(true);
    w.richpanel.track('marker');
  });
  await collector.waitForEvents(1);
  await expect.poll(() => warnings.some((w) => w.includes('[cartbeacon] W31'))).toBe(true);
  await page.waitForTimeout(500);
  expect(collector.events.map((e) => e.name)).toEqual(['marker']);
});

test('nothing is lost while modules are on their way: route changes and debug orders before they arrive', async ({
  page,
  collector,
}) => {
  // every module file takes 1.5 s to arrive
  await page.route('**/v2/m/*.min.js', async (route) => {
    await new Promise((r) => setTimeout(r, 1_500));
    await route.continue();
  });
  const warnings: string[] = [];
  page.on('console', (m) => warnings.push(m.text()));
  await page.goto(url(collector, { host: 'origin', pageViews: 'history' }));
  await live(page);
  await page.evaluate(async () => {
    const w = window as unknown as RP;
    const tick = () => new Promise((r) => setTimeout(r, 20));
    w.richpanel.debug(true);
    w.richpanel.track('order', { amount: 5, items: [{ id: 'a', price: 5, quantity: 1 }] }); // no orderId
    history.pushState({}, '', '/a');
    document.title = 'A';
    await tick();
    history.pushState({}, '', '/b?x=1');
    document.title = 'B';
    await tick();
    history.pushState({}, '', '/c');
    await tick();
  });
  expect(collector.events.filter((e) => e.name === 'page_view')).toEqual([]);
  await expect.poll(() => named(collector.events, 'page_view').length, { timeout: 10_000 }).toBe(4);
  const views = named(collector.events, 'page_view').map(props);
  expect(views.map((p) => p.path)).toEqual(['/ecommerce.html', '/a', '/b', '/c']);
  expect(views[2]).toMatchObject({ title: 'B', url: `${collector.url}/b?x=1`, referrer: `${collector.url}/a` });
  await expect.poll(() => warnings.some((w) => w.includes('[cartbeacon] W10'))).toBe(true);
  expect(warnings.find((w) => w.includes('W10'))).toContain('orderId');
  expect(named(collector.events, 'order')).toHaveLength(1);
});

test.describe('through cartbeacon/proxy', () => {
  let upstream: RunningCollector;
  let shop: RunningCollector;
  test.beforeEach(async () => {
    const { createProxy, toNodeHandler } = (await import(
      new URL('../../dist/proxy.mjs', import.meta.url).href
    )) as typeof ProxyModule;
    upstream = await startCollector({ apiKey: KEY });
    const proxy = toNodeHandler(createProxy({ upstream: upstream.url, basePath: '/cb' }));
    shop = await startCollector({
      apiKey: 'shop-does-not-collect',
      static: { '/': 'test/e2e/pages', '/dist/': 'dist' },
      mount: (req, res, next) => proxy(req, res, next),
    });
  });
  test.afterEach(async () => {
    await shop.close();
    await upstream.close();
  });

  test("the core, the module list and the e-commerce module come from the shop's origin, with SRI", async ({
    page,
  }) => {
    const asked = moduleRequests(page);
    const opts = { host: 'origin/cb', integrity: integrity['richpanel.min.js'], ecommerce: 'dataLayer' };
    await page.goto(url(shop, opts, [PURCHASE]));
    await live(page);
    await upstream.waitForEvents(1);
    expect(named(upstream.events, 'order')).toHaveLength(1);
    expect(asked).toEqual(['/cb/v2/m/modules.min.js', '/cb/v2/m/ecommerce.min.js']);
  });
});
