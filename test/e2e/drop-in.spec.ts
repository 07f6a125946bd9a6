// The drop-in (issue 12): the snippet beside Richpanel's own script, and cartbeacon's core loaded
// with { src, host } keeping Richpanel's visitor, customer and chat.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { test, expect, names, expectUnique, KEY } from './fixtures.js';
import type { Page } from '@playwright/test';
import type { RunningCollector } from '../../src/collector/index.js';

type RP = { track: (...a: unknown[]) => void; identify: (...a: unknown[]) => void; flush: () => Promise<boolean> };
declare const richpanel: RP;

/**
 * A stand-in for Richpanel's script: it defines its five methods (no flush, no consent) and replays
 * `q` with the loop the real script uses, re-reading q.length on every pass. It records its calls
 * and stops itself after 10,000 passes so a runaway shows as a number, not a hung test.
 */
const RICHPANEL_STAND_IN = `
  (function () {
    var r = window.richpanel; window.rpCalls = []; window.rpPasses = 0;
    ['track', 'identify', 'debug', 'atr', 'logout'].forEach(function (m) {
      r[m] = function () { window.rpCalls.push([m].concat([].slice.call(arguments))); };
    });
    var q = r.q, i, m;
    for (i = 0; q.length > i && i < 10000; i++) { m = q[i][0]; q[i].shift(); r[m].apply(undefined, q[i]); }
    window.rpPasses = i;
  })();`;

async function richpanelScript(page: Page): Promise<string[]> {
  const urls: string[] = [];
  await page.route('https://api.richpanel.com/**', (route) => {
    urls.push(route.request().url());
    return route.fulfill({ contentType: 'application/javascript', body: RICHPANEL_STAND_IN });
  });
  return urls;
}

const openCore = async (page: Page, collector: RunningCollector, opts: object, key = KEY) => {
  await page.goto(`${collector.url}/drop-in.html?key=${key}&opts=${encodeURIComponent(JSON.stringify(opts))}`);
  await page.waitForFunction(() => (window as unknown as { richpanel?: { live?: boolean } }).richpanel?.live === true);
};
const cookieMap = async (page: Page) =>
  Object.fromEntries((await page.context().cookies()).map((c) => [c.name, c.value]));

test("beside Richpanel's script: exactly the documented URL, its replay loop ends, every call reaches it in order", async ({
  page,
  collector,
}) => {
  const urls = await richpanelScript(page);
  await page.goto(collector.url + '/drop-in.html?mode=richpanel');
  await page.waitForFunction(() => (window as unknown as { rpPasses?: number }).rpPasses !== undefined);
  expect(urls).toEqual([`https://api.richpanel.com/v2/j/${KEY}?version=2.0.0`]);
  const got = await page.evaluate(() => {
    const w = window as unknown as {
      rpPasses: number;
      rpCalls: unknown[][];
      flushed: unknown;
      flushedAfterLoad: unknown;
    };
    return { passes: w.rpPasses, calls: w.rpCalls, flushed: w.flushed, after: w.flushedAfterLoad };
  });
  expect(got.passes).toBeLessThan(20);
  expect(got.calls).toEqual([
    ['track', 'page_view', { n: 1 }],
    ['identify', '42', { email: 'a@example.com' }],
    ['debug', false],
    ['atr', 'onload', null], // the function, as Playwright serializes it
    ['logout'],
    ['track', 'add_to_cart', { n: 2 }],
    ['track', 'after_load', { n: 3 }],
  ]);
  // flush() after load resolved at once: the loaded script is not ours
  expect(got.after).toBe(true);
  expect(await page.evaluate(() => (window as unknown as { uncaught: string[] }).uncaught)).toEqual([]);
  expect(collector.requests).toEqual([]);
});

test('src + host + integrity: the core comes from src with SRI and sends to host', async ({ page, collector }) => {
  const core = readFileSync('dist/richpanel.min.js');
  const integrity = 'sha384-' + createHash('sha384').update(core).digest('base64');
  const scriptRequests: string[] = [];
  page.on('request', (r) => {
    if (r.resourceType() === 'script') scriptRequests.push(r.url());
  });
  await openCore(page, collector, { src: '/dist/richpanel.min.js', host: 'origin', integrity });
  await page.evaluate(() => richpanel.track('via_src'));
  const [e] = await collector.waitForEvents(1);
  expect(e!.name).toBe('via_src');
  expect(scriptRequests.filter((u) => !u.endsWith('/dist/snippet.min.js'))).toEqual([
    `${collector.url}/dist/richpanel.min.js`,
  ]);
  const tag = await page.evaluate(() => {
    const s = document.querySelector('script[src$="/dist/richpanel.min.js"]') as HTMLScriptElement;
    return { integrity: s.integrity, crossOrigin: s.crossOrigin };
  });
  expect(tag).toEqual({ integrity, crossOrigin: 'anonymous' });
});

test('a wrong integrity hash keeps the core out, without an error in the page', async ({ page, collector }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(
    `${collector.url}/drop-in.html?opts=${encodeURIComponent(JSON.stringify({ src: '/dist/richpanel.min.js', host: 'origin', integrity: 'sha384-AAAA' }))}`,
  );
  await page.evaluate(() => richpanel.track('queued'));
  await page.waitForTimeout(1_500);
  expect(
    await page.evaluate(() => (window as unknown as { richpanel: { live?: boolean } }).richpanel.live),
  ).toBeUndefined();
  expect(collector.requests).toEqual([]);
  expect(errors).toEqual([]);
});

test("adopts the visitor and customer Richpanel's script left: rpdid, rpsid, rpuid, userProperties", async ({
  page,
  collector,
}) => {
  const url = new URL(collector.url);
  await page.context().addCookies(
    ['rpdid=device-rp', 'rpsid=session-rp', `rptkn=${KEY}`].map((c) => {
      const [name, value] = c.split('=') as [string, string];
      return { name, value, domain: url.hostname, path: '/' };
    }),
  );
  await page.goto(collector.url + '/plain.html');
  await page.evaluate(() => {
    localStorage.setItem('rpuid', '1234');
    localStorage.setItem('userProperties', JSON.stringify({ firstName: 'Ann', email: 'ann@example.com' }));
  });
  await openCore(page, collector, { host: 'origin' });
  await page.evaluate(() => richpanel.track('view_cart'));
  const [e] = await collector.waitForEvents(1);
  expect(e!.event).toMatchObject({
    did: 'device-rp',
    sid: 'session-rp',
    userProperties: { uid: '1234', firstName: 'Ann', email: 'ann@example.com' },
  });
  expect(await page.evaluate(() => (window as unknown as { richpanel: { did: string } }).richpanel.did)).toBe(
    'device-rp',
  );
});

test('ids of another API key (rptkn) are not adopted: the new key starts new ids', async ({ page, collector }) => {
  const url = new URL(collector.url);
  await page.context().addCookies(
    ['rpdid=device-old', 'rpsid=session-old', 'rptkn=old-key'].map((c) => {
      const [name, value] = c.split('=') as [string, string];
      return { name, value, domain: url.hostname, path: '/' };
    }),
  );
  await openCore(page, collector, { host: 'origin' });
  await page.evaluate(() => richpanel.track('a'));
  const [e] = await collector.waitForEvents(1);
  expect(e!.event.did).not.toBe('device-old');
  expect(e!.event.sid).not.toBe('session-old');
  await expect.poll(async () => (await cookieMap(page)).rptkn).toBe(KEY);
  expect((await cookieMap(page)).rpdid).toBe(e!.event.did);
});

test("messenger: loads after the globals are set, with today's version, and sees the same did as the events", async ({
  page,
  collector,
}) => {
  const messengerUrls: string[] = [];
  await page.route('https://cdn-v2.richpanel.com/**', (route) => {
    messengerUrls.push(route.request().url());
    return route.fulfill({
      contentType: 'application/javascript',
      body: 'window.messengerSaw = { did: window.richpanel.did, sid: window.richpanel.sid, app: window.appClientId };',
    });
  });
  await openCore(page, collector, { host: 'origin', messenger: true });
  await page.waitForFunction(() => (window as unknown as { messengerSaw?: object }).messengerSaw);
  const today = new Date().toISOString().slice(0, 10).replace(/-/g, '');
  expect(messengerUrls).toEqual([`https://cdn-v2.richpanel.com/js/micro-app-v2.js?version=${today}`]);
  await page.evaluate(() => richpanel.track('chat_and_events'));
  const [e] = await collector.waitForEvents(1);
  const saw = await page.evaluate(() => (window as unknown as { messengerSaw: object }).messengerSaw);
  expect(saw).toEqual({ did: e!.event.did, sid: e!.event.sid, app: KEY });
  expect(await page.evaluate(() => document.querySelector('script[src*="micro-app-v2"]')!.hasAttribute('defer'))).toBe(
    true,
  );
});

test("transport 'single': Richpanel's {\"h\"} wire to /v3/t, through 503s and a page leave, nothing lost", async ({
  page,
  collector,
}) => {
  const until = Date.now() + 2_500;
  collector.setFaults(() => (Date.now() < until ? { status: 503 } : undefined));
  await openCore(page, collector, { host: 'origin', transport: 'single' });
  await page.evaluate(() => {
    for (let i = 0; i < 6; i++) richpanel.track('single_' + i);
  });
  await expect.poll(() => collector.requests.some((r) => r.status === 503)).toBe(true);
  // more events, then the page is left while the collector still fails
  await page.evaluate(() => {
    for (let i = 6; i < 10; i++) richpanel.track('single_' + i);
  });
  await page.click('#away');
  await page.waitForURL('**/plain.html');
  // the next page of the site delivers what the beacons could not
  await openCore(page, collector, { host: 'origin', transport: 'single' });
  const events = await collector.waitForEvents(10, 30_000);
  expect(names(events).sort()).toEqual(Array.from({ length: 10 }, (_, i) => 'single_' + i).sort());
  expect(collector.requests.every((r) => r.path === '/v3/t')).toBe(true);
  expectUnique(
    collector.requests
      .filter((r) => r.status === 200 && r.contentType.startsWith('application/json'))
      .flatMap((r) => r.eventIds),
  );
});
