// Pages that patch built-ins before the snippet (issue 11): Prototype.js, a frozen Object.prototype,
// a deleted window.Promise, a JSON.stringify that throws, and a huge identify().
import { test, expect, open, names, deliveredIds, expectUnique } from './fixtures.js';

type RP = {
  track: (...a: unknown[]) => void;
  identify: (...a: unknown[]) => void;
  flush: () => Promise<boolean>;
};
declare const richpanel: RP;
const uncaught = (page: import('@playwright/test').Page) =>
  page.evaluate(() => (window as unknown as { uncaught: string[] }).uncaught);

test('a Prototype.js page (Array#toJSON patched) delivers every event, the order with arrays as arrays', async ({
  page,
  collector,
}) => {
  await open(page, collector, '/patched.html?patch=prototype');
  await page.evaluate(() => {
    for (let i = 0; i < 9; i++) richpanel.track('view_product', { i, tags: ['a', 'b'] });
    richpanel.track('order', { orderId: '1001', amount: 10, items: [{ id: 1, price: 10, quantity: 1 }] });
  });
  const events = await collector.waitForEvents(10, 15_000);
  expect(names(events)).toHaveLength(10);
  const order = events.find((e) => e.name === 'order')!;
  expect(order.event.properties).toEqual({ orderId: '1001', amount: 10, items: [{ id: 1, price: 10, quantity: 1 }] });
  expect(events[0]!.event.properties).toEqual({ i: 0, tags: ['a', 'b'] });
  expect(collector.requests.filter((r) => r.status >= 400)).toEqual([]);
  // the page's patch is still in place for the page's own code
  expect(await page.evaluate(() => typeof (Array.prototype as unknown as { toJSON?: unknown }).toJSON)).toBe(
    'function',
  );
  // and what is stored for the next page is readable: leave with the collector down, come back
  collector.setFaults({ drop: true });
  await page.evaluate(() => richpanel.track('stored_on_a_prototype_page', { list: [1, 2] }));
  await page.goto(collector.url + '/plain.html');
  collector.setFaults(undefined);
  await open(page, collector, '/patched.html?patch=prototype');
  const all = await collector.waitForEvents(11, 20_000);
  expect(all.find((e) => e.name === 'stored_on_a_prototype_page')!.event.properties).toEqual({ list: [1, 2] });
  expect(await uncaught(page)).toEqual([]);
});

test('a page that froze Object.prototype keeps constructor / toString / valueOf keys', async ({ page, collector }) => {
  await open(page, collector, '/patched.html?patch=frozen');
  await page.evaluate(() => {
    richpanel.track('search', JSON.parse('{"constructor":"c","toString":"t","valueOf":"v","q":"shoes"}'));
  });
  const [e] = await collector.waitForEvents(1);
  expect(e!.event.properties).toEqual({ constructor: 'c', toString: 't', valueOf: 'v', q: 'shoes' });
  expect(await uncaught(page)).toEqual([]);
});

test('a page without window.Promise gets a flush() that never throws, and its events', async ({ page, collector }) => {
  await page.goto(collector.url + '/patched.html?patch=no-promise');
  await page.waitForFunction(() => (window as unknown as { noPromise?: { coreFlush?: string } }).noPromise?.coreFlush);
  expect(await page.evaluate(() => (window as unknown as { noPromise: object }).noPromise)).toEqual({
    stubFlush: 'undefined',
    coreFlush: 'function',
  });
  await collector.waitForEvents(1);
  expect(await uncaught(page)).toEqual([]);
});

test('a JSON.stringify that throws never throws into the page, and nothing is lost once it works', async ({
  page,
  collector,
}) => {
  await open(page, collector, '/patched.html?patch=throwing-json');
  await page.evaluate(() => {
    (window as unknown as { breakJson: () => void }).breakJson();
    for (let i = 0; i < 5; i++) richpanel.track('while_broken', { i });
  });
  await page.waitForTimeout(2_500);
  expect(await uncaught(page)).toEqual([]);
  await page.evaluate(() => (window as unknown as { fixJson: () => void }).fixJson());
  await page.evaluate(() => richpanel.flush());
  const events = await collector.waitForEvents(5, 10_000);
  expect(names(events)).toEqual(Array(5).fill('while_broken'));
  expectUnique(deliveredIds(collector));
});

test('one huge identify() does not stop tracking, on this page or the next', async ({ page, collector }) => {
  await open(page, collector);
  await page.evaluate(() => {
    const big: Record<string, string> = { email: 'a@example.com' };
    for (let i = 0; i < 7; i++) big['p' + i] = String(i).repeat(8_000);
    richpanel.identify('42', big);
    for (let i = 0; i < 5; i++) richpanel.track('after_' + i);
  });
  await collector.waitForEvents(6, 15_000);
  await open(page, collector, '/shop.html?next=1');
  await page.evaluate(() => richpanel.track('next_page'));
  const events = await collector.waitForEvents(7, 15_000);
  expect(names(events)).toEqual(['identify', 'after_0', 'after_1', 'after_2', 'after_3', 'after_4', 'next_page']);
  expect(events.at(-1)!.event.userProperties).toEqual({ uid: '42', email: 'a@example.com' });
});
