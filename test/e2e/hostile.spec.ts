// The core on hostile storefront pages, second pass (issue 24): the README snippet, 30 events with one
// `order`, on pages that broke a built-in before the snippet ran (test/e2e/pages/hostile.html).
import type { Page } from '@playwright/test';
import type { RunningCollector, StoredEvent } from '../../src/collector/index.js';
import { test, expect, open, names, KEY } from './fixtures.js';

type RP = {
  track: (...a: unknown[]) => void;
  flush: () => Promise<boolean>;
  live?: boolean;
};
declare const richpanel: RP;

const ORDER = {
  orderId: 'A-1001',
  amount: 59.9,
  currency: 'PLN',
  items: [{ id: 'p1', price: 59.9, quantity: 1, name: 'Kubek 李 🙂' }],
  shippingAddress: { firstName: 'Łucja', city: 'Łódź', street: 'ul. Piotrkowska 3' },
};

/** 29 product views and one order (the 11th), tracked in one task. */
const shop30 = (page: Page) =>
  page.evaluate((order) => {
    for (let i = 0; i < 30; i++) {
      if (i === 10) richpanel.track('order', order);
      else richpanel.track('view_product', { id: 'p' + i });
    }
  }, ORDER);

const uncaught = (page: Page) => page.evaluate(() => (window as unknown as { uncaught: string[] }).uncaught);
const ordersIn = (events: StoredEvent[]) => events.filter((e) => e.name === 'order');
const failed = (c: RunningCollector) => c.requests.filter((r) => r.status >= 500).length;

/** A record an earlier page of the site left (its page is gone): one undelivered order. */
const EARLIER = 'cb:v1:' + KEY + ':earlier-page';
const seedEarlierOrder = (page: Page) =>
  page.addInitScript(
    ([key, appClientId]) => {
      if (localStorage.getItem('seeded')) return;
      localStorage.setItem('seeded', '1');
      const at = Date.now() - 60_000;
      const ev = {
        event: 'order',
        properties: { orderId: 'EARLIER-1', amount: 10, items: [{ id: 'x', price: 10, quantity: 1 }] },
        userProperties: {},
        time: { sentAt: at, originalTimestamp: at },
        eventId: '3f0e4c1a-8a59-4f57-9d56-000000000001',
        appClientId,
        did: 'd',
        sid: 's',
        version: 'earlier',
      };
      localStorage.setItem(key!, JSON.stringify({ t: at, q: [ev], b: [] }));
    },
    [EARLIER, KEY],
  );

/**
 * The collector answers 503 with Retry-After: 60 while the page lives (so the core holds its 30
 * events), comes back, and the shopper leaves for a page without the tracker: only what the page
 * hands over on leave can arrive.
 */
async function leaveAfterOutage(page: Page, collector: RunningCollector, path: string) {
  collector.setFaults({ status: 503, retryAfter: '60' });
  await open(page, collector, path);
  await shop30(page);
  await expect.poll(() => failed(collector)).toBeGreaterThan(0);
  expect(await uncaught(page)).toEqual([]);
  collector.setFaults(undefined);
  await page.goto(collector.url + '/plain.html');
  const events = await collector.waitForEvents(30, 10_000);
  expect(ordersIn(events)).toHaveLength(1);
  expect(new Set(names(events)).size).toBe(2);
}

test('a sendBeacon wrapper that throws ("Illegal invocation"): the leave delivers every event', async ({
  page,
  collector,
}) => {
  await leaveAfterOutage(page, collector, '/hostile.html?patch=beacon-wrapper');
});

test('a sendBeacon that throws on the prototype itself: the leave falls back to fetch keepalive', async ({
  page,
  collector,
}) => {
  await leaveAfterOutage(page, collector, '/hostile.html?patch=beacon-throws');
  // no beacon could carry them: fetch keepalive did, as text/plain (no preflight on leave)
  expect(collector.requests.filter((r) => r.status === 200).every((r) => r.contentType.startsWith('text/plain'))).toBe(
    true,
  );
});

test('a "Unicode-safe" btoa wrapper does not corrupt names and addresses', async ({ page, collector }) => {
  await open(page, collector, '/hostile.html?patch=btoa-wrapper');
  await shop30(page);
  const events = await collector.waitForEvents(30, 15_000);
  expect(ordersIn(events)[0]!.event.properties).toEqual(ORDER);
  expect(await uncaught(page)).toEqual([]);
  // the page's own btoa is left as the page made it
  expect(await page.evaluate(() => btoa('Ł'))).toBe('xYE=');
});

test('a Web Locks shim that returns nothing, with a record an earlier page left: both orders arrive', async ({
  page,
  collector,
}) => {
  await seedEarlierOrder(page);
  await open(page, collector, '/hostile.html?patch=locks-shim');
  await shop30(page);
  const events = await collector.waitForEvents(31, 15_000);
  expect(
    ordersIn(events)
      .map((e) => e.event.properties as { orderId: string })
      .map((p) => p.orderId)
      .sort(),
  ).toEqual(['A-1001', 'EARLIER-1']);
  expect(await uncaught(page)).toEqual([]);
});

test('a String.prototype.replace that throws on a RegExp: start-up completes and the order arrives', async ({
  page,
  collector,
}) => {
  await open(page, collector, '/hostile.html?patch=replace-throws');
  await shop30(page);
  const events = await collector.waitForEvents(30, 15_000);
  expect(ordersIn(events)).toHaveLength(1);
  expect(await uncaught(page)).toEqual([]);
});

test("a page whose JSON.parse throws keeps an earlier page's stored order for a later page", async ({
  page,
  collector,
}) => {
  await seedEarlierOrder(page);
  await open(page, collector, '/hostile.html?patch=json-parse-throws');
  await shop30(page);
  const events = await collector.waitForEvents(30, 15_000);
  expect(ordersIn(events).map((e) => (e.event.properties as { orderId: string }).orderId)).toEqual(['A-1001']);
  expect(await uncaught(page)).toEqual([]);
  // the page's parser failing is not the record failing: it is still there…
  expect(await page.evaluate((key) => localStorage.getItem(key), EARLIER)).toContain('EARLIER-1');
  // …and the next page, whose parser works, delivers it
  await open(page, collector, '/shop.html');
  const all = await collector.waitForEvents(31, 15_000);
  expect(ordersIn(all).map((e) => (e.event.properties as { orderId: string }).orderId)).toEqual([
    'A-1001',
    'EARLIER-1',
  ]);
});

test('an appendChild that throws (tag manager): load() never throws, the rest of the page runs, events arrive', async ({
  page,
  collector,
}) => {
  await page.goto(collector.url + '/hostile.html?patch=append-child-throws');
  expect(await page.evaluate(() => (window as unknown as { afterLoad?: boolean }).afterLoad)).toBe(true);
  // the loader did not use the broken method: the core is running
  await page.waitForFunction(() => richpanel.live === true);
  await shop30(page);
  expect(ordersIn(await collector.waitForEvents(30, 15_000))).toHaveLength(1);
  expect(await uncaught(page)).toEqual([]);
});

test('Trusted Types enforced: load() with a string src never throws; with a TrustedScriptURL the core runs', async ({
  page,
  collector,
}) => {
  await page.goto(collector.url + '/trusted-types.html');
  expect(await page.evaluate(() => (window as unknown as { afterLoad?: boolean }).afterLoad)).toBe(true);
  expect(await uncaught(page)).toEqual([]);
  // the page refused the string: no core, and the stub still queues without throwing
  await page.waitForTimeout(500);
  expect(await page.evaluate(() => richpanel.live)).toBeUndefined();
  await shop30(page);
  // the shop's own policy makes the URL: the core loads and delivers
  await open(page, collector, '/trusted-types.html?trusted=1');
  await shop30(page);
  expect(ordersIn(await collector.waitForEvents(30, 15_000))).toHaveLength(1);
  expect(await uncaught(page)).toEqual([]);
});

test('an order followed by 1,200 product impressions in one loop: the cap drops impressions, never the order', async ({
  page,
  collector,
}) => {
  await open(page, collector, '/hostile.html');
  await page.evaluate((order) => {
    richpanel.track('order', order);
    for (let i = 0; i < 1200; i++) richpanel.track('view_product', { id: 'p' + i });
  }, ORDER);
  const events = await collector.waitForEvents(1000, 40_000);
  expect(ordersIn(events)).toHaveLength(1);
  await page.waitForTimeout(1_500);
  // 1,000 kept: the order and the 999 newest impressions (the 201 oldest impressions went)
  expect(collector.events).toHaveLength(1000);
  const ids = collector.events
    .filter((e) => e.name === 'view_product')
    .map((e) => (e.event.properties as { id: string }).id);
  expect(ids).not.toContain('p200');
  expect(ids).toContain('p201');
});

/** What a tab switch does to a page: visibilitychange with the new state (headless Chromium stays "visible"). */
const setVisibility = (page: Page, state: 'hidden' | 'visible') =>
  page.evaluate((s) => {
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => s });
    document.dispatchEvent(new Event('visibilitychange', { bubbles: true })); // as the browser fires it
  }, state);

test('hidden during an outage and shown again: the beaconed events are retried on this page; flush() tells the truth', async ({
  page,
  collector,
}) => {
  collector.setFaults({ status: 503 });
  await open(page, collector, '/hostile.html');
  await shop30(page);
  await expect.poll(() => failed(collector)).toBeGreaterThan(0);
  await setVisibility(page, 'hidden'); // the shopper switches apps: the beacons get 503s too
  await expect
    .poll(() => collector.requests.filter((r) => r.contentType.startsWith('text/plain')).length)
    .toBeGreaterThan(0);
  await setVisibility(page, 'visible');
  // still down: nothing is delivered, and flush() says so
  expect(await page.evaluate(() => richpanel.flush())).toBe(false);
  collector.setFaults(undefined);
  // the page stays open: its own retry delivers them
  const events = await collector.waitForEvents(30, 20_000);
  expect(ordersIn(events)).toHaveLength(1);
  expect(await page.evaluate(() => richpanel.flush())).toBe(true);
  expect(collector.requests.some((r) => r.status === 200 && r.contentType.startsWith('application/json'))).toBe(true);
  expect(await uncaught(page)).toEqual([]);
});
