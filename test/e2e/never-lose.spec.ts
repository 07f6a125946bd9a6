// Never lose an event: faults, offline, page leave, tabs and hostile input, in Chromium against a
// collector whose faults are injectable.
import { test, expect, open, names, deliveredIds, expectUnique, KEY } from './fixtures.js';
import type { RunningCollector } from '../../src/collector/index.js';

type RP = {
  track: (...a: unknown[]) => void;
  identify: (...a: unknown[]) => void;
  flush: () => Promise<boolean>;
  debug: (on: boolean) => void;
};
declare const richpanel: RP;

/** Event ids in accepted fetch requests (what live pages sent, beacons of closing pages left out). */
const sentByPages = (c: RunningCollector) =>
  c.requests.filter((r) => r.status === 200 && r.contentType.startsWith('application/json')).flatMap((r) => r.eventIds);
const ids = (n: number, name = 'e') => Array.from({ length: n }, (_, i) => `${name}${i}`);
const trackAll = (page: import('@playwright/test').Page, list: string[]) =>
  page.evaluate((l) => {
    for (const n of l) richpanel.track(n, { n });
  }, list);

test('503s for a few seconds, then recovery: every event arrives', async ({ page, collector }) => {
  const until = Date.now() + 3000;
  collector.setFaults(() => (Date.now() < until ? { status: 503 } : undefined));
  await open(page, collector);
  await trackAll(page, ids(10));
  const events = await collector.waitForEvents(10, 30_000);
  expect(names(events).sort()).toEqual(ids(10).sort());
  expect(collector.requests.some((r) => r.status === 503)).toBe(true);
  expectUnique(deliveredIds(collector));
});

test('429 with Retry-After: 3 is obeyed: no request before 3 s', async ({ page, collector }) => {
  collector.setFaults((n) => (n === 1 ? { status: 429, retryAfter: '3' } : undefined));
  await open(page, collector);
  await trackAll(page, ids(5));
  await collector.waitForEvents(5, 20_000);
  const [first, second] = collector.requests;
  expect(first!.status).toBe(429);
  expect(second!.at - first!.at).toBeGreaterThanOrEqual(2_900);
});

test('offline: nothing is sent; back online: everything is', async ({ page, context, collector }) => {
  await open(page, collector);
  await context.setOffline(true);
  await trackAll(page, ids(5));
  await page.waitForTimeout(2_500);
  expect(collector.requests).toHaveLength(0);
  await context.setOffline(false);
  const events = await collector.waitForEvents(5, 10_000);
  expect(names(events).sort()).toEqual(ids(5).sort());
});

test("collector down while page 1 lives: page 2 of the site sends page 1's events", async ({ page, collector }) => {
  collector.setFaults({ drop: true });
  await open(page, collector);
  await trackAll(page, ids(12, 'p1_'));
  await expect.poll(() => collector.requests.length).toBeGreaterThan(0);
  await page.goto(collector.url + '/plain.html'); // leaving: the beacon fails too
  await expect
    .poll(() => collector.requests.filter((r) => r.contentType.startsWith('text/plain')).length)
    .toBeGreaterThan(0);
  collector.setFaults(undefined);
  await open(page, collector, '/shop.html?page=2');
  const events = await collector.waitForEvents(12, 20_000);
  expect(names(events).sort()).toEqual(ids(12, 'p1_').sort());
  // page 2 sends each of page 1's events once (a refused beacon that Chrome retried late may have
  // delivered some already: those are resent with the same eventId and dropped by the collector)
  expectUnique(sentByPages(collector));
});

test('20 events tracked in the same task as a navigation all arrive', async ({ page, collector }) => {
  await open(page, collector);
  await page.evaluate(() => {
    for (let i = 0; i < 20; i++) richpanel.track('leave_' + i, { i });
    location.href = '/plain.html';
  });
  await page.waitForURL('**/plain.html');
  const events = await collector.waitForEvents(20, 10_000);
  expect(new Set(names(events)).size).toBe(20);
});

test('two tabs sharing a backlog: none lost, none sent twice', async ({ context, collector }) => {
  collector.setFaults({ drop: true });
  const a = await context.newPage();
  await open(a, collector);
  await trackAll(a, ids(30, 'tab_'));
  await expect.poll(() => collector.requests.length).toBeGreaterThan(0);
  await a.close({ runBeforeUnload: true });
  // the closing tab's beacons (25 + 5 events) are refused too: its record stays whole. Counted by
  // the events they carried, not by requests: Chrome may send a refused request once more itself.
  const beaconed = () =>
    new Set(collector.requests.filter((r) => r.contentType.startsWith('text/plain')).flatMap((r) => r.eventIds));
  await expect.poll(() => beaconed().size).toBe(30);
  collector.setFaults(undefined);
  const [b, c] = [await context.newPage(), await context.newPage()];
  await Promise.all([open(b, collector), open(c, collector)]);
  await Promise.all([b.evaluate(() => richpanel.track('from_b')), c.evaluate(() => richpanel.track('from_c'))]);
  const events = await collector.waitForEvents(32, 20_000);
  expect(
    names(events)
      .filter((n) => n.startsWith('tab_'))
      .sort(),
  ).toEqual(ids(30, 'tab_').sort());
  await b.waitForTimeout(1_500);
  // no event is sent by both tabs (a refused beacon that Chrome retried late may have delivered
  // some of tab A's events already: a resend of those carries the same eventId and is dropped)
  expectUnique(sentByPages(collector));
  expect(collector.events).toHaveLength(32);
});

test('hostile input never throws into the page and never blocks good events', async ({ page, collector }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.addInitScript((key) => {
    localStorage.setItem(`cb:v1:${key}:garbage`, '{not json');
    localStorage.setItem('cb_user:' + key, '[1,2');
    (window as any).onerrorCalls = 0;
    window.onerror = () => {
      (window as any).onerrorCalls++;
    };
  }, KEY);
  await open(page, collector);
  const result = await page.evaluate(async () => {
    const circular: any = { a: 1 };
    circular.self = circular;
    let deep: any = {};
    const root = deep;
    for (let i = 0; i < 5000; i++) deep = deep.next = {};
    const revoked = Proxy.revocable({}, {});
    revoked.revoke();
    const hostile: unknown[] = [
      circular,
      { big: 10n },
      { s: Symbol('x') },
      { f() {} },
      { n: NaN, i: Infinity },
      { d: new Date('nope') },
      { node: document.body, win: window },
      {
        get boom() {
          throw new Error('getter');
        },
      },
      {
        toJSON() {
          throw new Error('toJSON');
        },
      },
      { p: revoked.proxy },
      root,
      JSON.parse('{"__proto__": {"polluted": true}, "ok": 1}'),
      { long: 'x'.repeat(1_000_000) },
    ];
    hostile.forEach((h, i) => {
      richpanel.track('hostile_' + i, h);
    });
    (richpanel.track as any)(42);
    (richpanel.track as any)('');
    (richpanel.track as any)(null, { a: 1 });
    (richpanel.identify as any)(null);
    (richpanel.identify as any)('');
    (richpanel.track as any)('bad_props', 'string', 12, 'not a date', 'not-a-uuid');
    Storage.prototype.setItem = () => {
      throw new DOMException('full', 'QuotaExceededError');
    };
    richpanel.track('good_after_storage_broke', { ok: true });
    // a page that broke fetch and sendBeacon after the core started: the core sends with the ones
    // it took at its start (issue 24), nothing throws, nothing is lost
    const realFetch = window.fetch;
    (navigator as any).sendBeacon = undefined;
    (window as any).fetch = undefined;
    richpanel.track('good_without_fetch', { ok: true });
    const flushedWithoutFetch = await richpanel.flush();
    window.fetch = realFetch;
    return { flushedWithoutFetch, polluted: ({} as any).polluted, onerror: (window as any).onerrorCalls };
  });
  expect(result).toEqual({ flushedWithoutFetch: true, polluted: undefined, onerror: 0 });
  expect(errors).toEqual([]);
  const events = await collector.waitForEvents(16, 15_000);
  const byName = Object.fromEntries(events.map((e) => [e.name, e.event.properties as any]));
  expect(byName.hostile_0).toEqual({ a: 1, self: '[Circular]' });
  expect(byName.hostile_1).toEqual({ big: '10' });
  expect(byName.hostile_4).toEqual({ n: null, i: null });
  expect(byName.hostile_5).toEqual({ d: null });
  expect(byName.hostile_6).toEqual({});
  expect(byName.hostile_11).toEqual({ ok: 1 });
  expect(byName.hostile_12.long.length).toBe(8192);
  expect(byName.bad_props).toEqual({});
  expect(byName.good_after_storage_broke).toEqual({ ok: true });
  expect(byName.good_without_fetch).toEqual({ ok: true });
  expect(names(events)).not.toContain('');
});
