// Consent (issue 14) in Chromium: nothing stored or sent before the visitor answers, nothing lost
// once they agree, everything forgotten when they refuse.
import { test, expect, names, KEY } from './fixtures.js';
import type { Page } from '@playwright/test';
import type { RunningCollector } from '../../src/collector/index.js';

type RP = { track: (...a: unknown[]) => void; consent: (a: string) => void; flush: () => Promise<boolean> };
declare const richpanel: RP;

const open = async (page: Page, collector: RunningCollector, opts: object = { host: 'origin', consent: 'pending' }) => {
  await page.goto(`${collector.url}/drop-in.html?opts=${encodeURIComponent(JSON.stringify(opts))}`);
  await page.waitForFunction(() => (window as unknown as { richpanel?: { live?: boolean } }).richpanel?.live === true);
};
/** Every cookie and localStorage key of the shop's origin. */
const storedState = async (page: Page) => ({
  cookies: (await page.context().cookies()).map((c) => `${c.name}=${c.value}`),
  storage: await page.evaluate(() => Object.keys(localStorage).sort()),
});

test('pending: no cookie, no localStorage, no request for several seconds', async ({ page, collector }) => {
  await open(page, collector);
  await page.evaluate(() => {
    richpanel.track('page_view');
    richpanel.track('add_to_cart', { id: 'p1' });
  });
  await page.waitForTimeout(4_000);
  expect(collector.requests).toEqual([]);
  expect(await storedState(page)).toEqual({ cookies: [], storage: [] });
});

test('granted: every waiting event arrives once, in order, with its original time; the next page starts granted', async ({
  page,
  collector,
}) => {
  await open(page, collector);
  const times = await page.evaluate(async () => {
    const at: number[] = [];
    for (const name of ['page_view', 'view_product', 'add_to_cart']) {
      at.push(Date.now());
      richpanel.track(name);
      await new Promise((r) => setTimeout(r, 400));
    }
    return at;
  });
  await page.waitForTimeout(1_500);
  expect(collector.requests).toEqual([]);
  await page.evaluate(() => richpanel.consent('granted'));
  const events = await collector.waitForEvents(3);
  expect(names(events)).toEqual(['page_view', 'view_product', 'add_to_cart']);
  events.forEach((e, i) => {
    expect(Math.abs((e.event.time as { sentAt: number }).sentAt - times[i]!)).toBeLessThan(50);
  });
  const state = await storedState(page);
  expect(state.cookies).toEqual(expect.arrayContaining(['cb_consent=granted', `rptkn=${KEY}`]));
  // the next page says pending again, but the visitor already answered: it sends at once
  await open(page, collector);
  await page.evaluate(() => richpanel.track('next_page'));
  await collector.waitForEvents(4);
  expect(new Set(collector.events.map((e) => e.event.did)).size).toBe(1);
});

test('denied: nothing arrives, nothing is stored, and still nothing after a reload', async ({ page, collector }) => {
  await open(page, collector);
  await page.evaluate(() => {
    richpanel.track('page_view');
    richpanel.consent('denied');
    richpanel.track('add_to_cart');
  });
  await page.reload();
  await page.waitForFunction(() => (window as unknown as { richpanel?: { live?: boolean } }).richpanel?.live === true);
  await page.evaluate(() => richpanel.track('after_reload'));
  await page.waitForTimeout(3_000);
  expect(collector.requests).toEqual([]);
  expect(await storedState(page)).toEqual({ cookies: ['cb_consent=denied'], storage: [] });
});

test("grant then revoke: the ids (cartbeacon's and Richpanel's) are removed", async ({ page, collector }) => {
  await page.goto(collector.url + '/plain.html');
  await page.evaluate(() => {
    localStorage.setItem('rpcuid', 'c-1');
    localStorage.setItem('shop-cart', '[1]');
  });
  await open(page, collector, { host: 'origin' }); // no consent option: tracking on, as today
  await page.evaluate(() => {
    (window as unknown as { richpanel: { identify: (u: string) => void } }).richpanel.identify('42');
    richpanel.track('before_revoke');
  });
  await collector.waitForEvents(2);
  await expect
    .poll(async () => (await storedState(page)).storage)
    .toEqual(expect.arrayContaining(['rpuid', 'userProperties', `cb_id:${KEY}`]));
  await page.evaluate(() => richpanel.consent('denied'));
  expect(await storedState(page)).toEqual({ cookies: ['cb_consent=denied'], storage: ['shop-cart'] });
  await page.evaluate(() => richpanel.track('after_revoke'));
  await page.waitForTimeout(2_000);
  expect(names(collector.events)).toEqual(['identify', 'before_revoke']);
});

test('respectGpc: Global Privacy Control counts as a denial', async ({ page, collector }) => {
  await page.addInitScript(() => Object.defineProperty(navigator, 'globalPrivacyControl', { value: true }));
  await open(page, collector, { host: 'origin', respectGpc: true });
  await page.evaluate(() => richpanel.track('page_view'));
  await page.waitForTimeout(2_500);
  expect(collector.requests).toEqual([]);
  expect(await storedState(page)).toEqual({ cookies: [], storage: [] });
  // without the option, GPC is not read
  await open(page, collector, { host: 'origin' });
  await page.evaluate(() => richpanel.track('page_view'));
  await collector.waitForEvents(1);
});
