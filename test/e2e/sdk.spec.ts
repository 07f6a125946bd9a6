// The browser SDK against the built dist/ files in Chromium: loader, core and batching transport.
import { test, expect, open, names, deliveredIds, expectUnique, KEY, SECRET } from './fixtures.js';
import { encryptUserData } from '../../src/server/tokens.js';
import { readFileSync } from 'node:fs';

type RP = {
  track: (...a: unknown[]) => void;
  identify: (...a: unknown[]) => void;
  flush: () => Promise<boolean>;
  debug: (on: boolean) => void;
};
declare const richpanel: RP;

test('replays calls made before load, in order, with the time they were made', async ({ page, collector }) => {
  const coreRequests: string[] = [];
  page.on('request', (r) => {
    if (r.url().includes('/v2/j/')) coreRequests.push(r.url());
  });
  const before = Date.now();
  const token = encryptUserData({ id: '42', email: 'a@example.com' }, SECRET, { ttlSeconds: 3600 });
  await open(page, collector, '/before-load.html#' + encodeURIComponent(token));
  const events = await collector.waitForEvents(7);
  expect(names(events)).toEqual([
    'identify',
    'page_view',
    'view_product',
    'add_to_cart',
    'view_cart',
    'search',
    'magento_event',
  ]);
  for (const e of events) {
    const time = e.event.time as { sentAt: number };
    expect(time.sentAt).toBeGreaterThanOrEqual(before - 1000);
    expect(time.sentAt).toBeLessThanOrEqual(Date.now());
  }
  // identify before load: userProperties are the properties plus uid, and ride on later events
  expect(events[0]!.event.userProperties).toEqual({ email: 'a@example.com', phone: 9977090122, uid: '42' });
  expect(events[1]!.event.userProperties).toMatchObject({ uid: '42' });
  // argument shapes: originalTimestamp as ISO string / epoch ms, eventId kept, [] and false as {}
  expect((events[2]!.event.time as { originalTimestamp: number }).originalTimestamp).toBe(
    Date.parse('2025-11-24T16:00:00.000Z'),
  );
  expect(events[3]!.event.properties).toEqual({});
  expect(events[4]!.event.properties).toEqual({});
  expect(events[5]!.id).toBe('3b241101-e2bb-4255-8caf-4136c566a962');
  expect(events[5]!.event.properties).toEqual({ q: 'Łódź 李 🙂' });
  expect(events[5]!.event.userProperties).toMatchObject({ tier: 'gold', uid: '42' });
  expect((events[5]!.event.time as { originalTimestamp: number }).originalTimestamp).toBe(1764000000000);
  expect(events[6]!.event.properties).toEqual({ from: 'queue' });
  // load() twice and the snippet pasted twice: one core request, atr ran once
  expect(coreRequests).toHaveLength(1);
  expect(coreRequests[0]).toContain(`/v2/j/${KEY}?version=`);
  expect(await page.evaluate(() => (window as unknown as { onloadRan: number }).onloadRan)).toBe(1);
  // flush() called before load resolved true once the queued events were delivered
  await page.waitForFunction(() => (window as unknown as { flushedBeforeLoad?: boolean }).flushedBeforeLoad === true);
  // richpanelSettings set before the snippet rides with the batch
  expect(collector.requests[0]!.contentType).toContain('application/json');
  for (const e of events) expect(e.identity).toMatchObject({ verified: true, id: '42' });
  expectUnique(deliveredIds(collector));
});

test("sends the context, ids and version in Richpanel's shape", async ({ page, collector }) => {
  await open(page, collector, '/shop.html?utm=1');
  await page.evaluate(() => richpanel.track('page_view', { a: 1 }));
  const [e] = await collector.waitForEvents(1);
  const ev = e!.event as Record<string, any>;
  expect(ev.eventId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  expect(ev.appClientId).toBe(KEY);
  expect(ev.did).toMatch(/^[0-9a-f-]{36}$/);
  expect(ev.sid).toMatch(/^[0-9a-f-]{36}$/);
  expect(ev.version).toMatch(/^\d+\.\d+\.\d+/);
  expect(ev.context.page).toMatchObject({ path: '/shop.html', qs: { utm: '1' }, title: 'Test shop' });
  expect(ev.context.page.url).toBe(`${collector.url}/shop.html?utm=1`);
  expect(typeof ev.context.userAgent).toBe('string');
  expect(ev.context.screen.width).toBeGreaterThan(0);
  expect(ev.context.screen.density).toBeGreaterThan(0);
  expect(ev.context.browser.lang).toBe(await page.evaluate(() => navigator.language));
  // the ids are Richpanel's cookies, and the globals its script exposes
  const globals = await page.evaluate(() => {
    const r = (window as unknown as { richpanel: { did: string; sid: string } }).richpanel;
    return { did: r.did, sid: r.sid, app: (window as unknown as { appClientId: string }).appClientId };
  });
  expect(globals).toEqual({ did: ev.did, sid: ev.sid, app: KEY });
  const cookies = Object.fromEntries((await page.context().cookies()).map((c) => [c.name, c.value]));
  expect(cookies).toMatchObject({ rpdid: ev.did, rpsid: ev.sid, rptkn: KEY });
  expect(ev.context.timezone).not.toBe('');
});

test('delivers 60 events once, in batches of at most 25', async ({ page, collector }) => {
  await open(page, collector);
  await page.evaluate(() => {
    for (let i = 0; i < 60; i++) richpanel.track('view_product', { i });
  });
  const events = await collector.waitForEvents(60);
  expect(events.map((e) => (e.event.properties as { i: number }).i)).toEqual([...Array(60).keys()]);
  await expect.poll(() => collector.requests.filter((r) => r.status === 200).length).toBeGreaterThanOrEqual(3);
  const posts = collector.requests.filter((r) => r.status === 200);
  for (const r of posts) expect(r.eventIds.length).toBeLessThanOrEqual(25);
  expectUnique(deliveredIds(collector));
});

test('keeps unicode intact through the base64 body', async ({ page, collector }) => {
  await open(page, collector);
  const text = 'Zoë 山田 Łukasiewicz محمد 🙂 \u2028';
  await page.evaluate((t) => {
    richpanel.track('search', { q: t }, { name: t });
    return richpanel.flush();
  }, text);
  const [e] = await collector.waitForEvents(1);
  expect(e!.event.properties).toEqual({ q: text });
  expect(e!.event.userProperties).toEqual({ name: text });
});

test('reads richpanelSettings at send time and identity persists across pages', async ({ page, collector }) => {
  await open(page, collector);
  await page.evaluate(() => {
    richpanel.identify(7, { email: 'z@example.com' });
    return richpanel.flush();
  });
  await page.evaluate(() => {
    (window as any).richpanelSettings = 'LATER-TOKEN';
    richpanel.track('after_login');
    return richpanel.flush();
  });
  await open(page, collector);
  await page.evaluate(() => {
    richpanel.track('next_page');
    return richpanel.flush();
  });
  const events = await collector.waitForEvents(3);
  expect(names(events)).toEqual(['identify', 'after_login', 'next_page']);
  expect(events[2]!.event.userProperties).toEqual({ email: 'z@example.com', uid: '7' });
  expect(events[2]!.event.did).toBe(events[0]!.event.did);
  expect(events[2]!.event.sid).toBe(events[0]!.event.sid);
  await page.evaluate(() => {
    (richpanel as any).logout();
    richpanel.track('logged_out');
    return richpanel.flush();
  });
  const after = (await collector.waitForEvents(4))[3]!;
  expect(after.event.userProperties).toEqual({});
  expect(after.event.did).not.toBe(events[0]!.event.did);
});

test('events tracked right before leaving the page still arrive', async ({ page, collector }) => {
  await open(page, collector);
  await page.evaluate(() => {
    for (let i = 0; i < 20; i++) richpanel.track('add_to_cart', { i });
  });
  await page.click('#away');
  await page.waitForURL('**/plain.html');
  const events = await collector.waitForEvents(20);
  expect(new Set(events.map((e) => (e.event.properties as { i: number }).i)).size).toBe(20);
  expect(collector.requests.some((r) => r.contentType.startsWith('text/plain'))).toBe(true);
});

test('running the core twice replays and sends each event once', async ({ page, collector }) => {
  await page.goto(collector.url + '/before-load.html');
  await page.waitForFunction(() => (window as any).richpanel?.live === true);
  await page.addScriptTag({ url: `/v2/j/${KEY}?version=again` });
  await page.evaluate(() => richpanel.flush());
  await new Promise((r) => setTimeout(r, 1500));
  expect(collector.events).toHaveLength(7);
  expectUnique(deliveredIds(collector));
});

test('a page that stays open keeps delivering past the 64 KB keepalive quota', async ({ page, collector }) => {
  await open(page, collector);
  const order = JSON.parse(readFileSync('test/fixtures/order-properties.json', 'utf8')) as Record<string, unknown>;
  await page.evaluate((o) => {
    for (let i = 0; i < 100; i++) richpanel.track('order', { ...o, orderId: String(i) });
  }, order);
  const events = await collector.waitForEvents(100, 20_000);
  expect(new Set(events.map((e) => (e.event.properties as { orderId: string }).orderId)).size).toBe(100);
  const sent = collector.requests.filter((r) => r.status === 200);
  expect(sent.reduce((n, r) => n + r.bytes, 0)).toBeGreaterThan(3 * 64_000);
  expect(sent.every((r) => r.contentType.startsWith('application/json'))).toBe(true);
});

test('the time zone is read off the start-up path and still sent', async ({ page, collector }) => {
  await open(page, collector);
  await page.evaluate(() => {
    richpanel.track('tz');
    return richpanel.flush();
  });
  const [e] = await collector.waitForEvents(1);
  expect((e!.event.context as { timezone: string }).timezone).toBe(
    await page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone),
  );
});
