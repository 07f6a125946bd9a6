// docs/testing.md's Playwright example, run as written against the built `cartbeacon/testing`
// entry: a shop's own suite starts a real collector, drives its page and asserts what arrived.
import { expect, test } from '@playwright/test';
import type { RunningCollector } from '../../src/testing.js';

const ENTRY = new URL('../../dist/testing.mjs', import.meta.url).href;
let collector: RunningCollector;

test.beforeAll(async () => {
  const { startCollector } = (await import(ENTRY)) as typeof import('../../src/testing.js');
  // The shop's pages would come from its own dev server; here the collector serves the test pages.
  collector = await startCollector({ apiKey: 'e2e-key', static: { '/': 'test/e2e/pages', '/dist/': 'dist' } });
});
test.afterAll(() => collector.close());
test.beforeEach(() => collector.clear());

test('the add to cart a shopper makes arrives with its product', async ({ page }) => {
  await page.goto(`${collector.url}/shop.html`);
  await page.evaluate(() => {
    const rp = (window as unknown as { richpanel: { track: (name: string, props: object) => void } }).richpanel;
    rp.track('add_to_cart', { id: 'sku-1', price: 49.99, quantity: 1 });
  });
  const [cart] = await collector.waitForEvents(1, { name: 'add_to_cart' });
  expect(cart?.event.properties).toEqual({ id: 'sku-1', price: 49.99, quantity: 1 });
  expect(cart?.warnings).toEqual([]);
});

test('nothing is lost while the collector answers 503', async ({ page }) => {
  collector.setFaults((n) => (n === 1 ? { status: 503 } : undefined));
  await page.goto(`${collector.url}/shop.html`);
  await page.evaluate(() => {
    const rp = (window as unknown as { richpanel: { track: (name: string, props: object) => void } }).richpanel;
    rp.track('order', { orderId: 'o-1', amount: 10, items: [{ id: 'sku-1', price: 10, quantity: 1 }] });
  });
  const [order] = await collector.waitForEvents(1, { name: 'order', timeoutMs: 15_000 });
  expect(order?.event.properties).toMatchObject({ orderId: 'o-1' });
  expect(collector.requests[0]?.status).toBe(503);
  collector.setFaults(undefined);
});
