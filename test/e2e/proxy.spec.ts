// cartbeacon/proxy in Chromium with a simulated ad blocker (every request to the tracking host is
// refused, as filter lists refuse api.richpanel.com): direct, nothing arrives; through the proxy on
// the shop's own origin, every event arrives at the upstream — the repo's collector standing in for
// Richpanel — each request with X-Forwarded-For and without the shop's cookies.
import { test, expect } from '@playwright/test';
import type { Browser } from '@playwright/test';
import type { IncomingHttpHeaders } from 'node:http';
import { startCollector } from '../../src/collector/index.js';
import type { RunningCollector } from '../../src/collector/index.js';
import type * as ProxyModule from '../../src/proxy.js';

/** cartbeacon/proxy as it ships (dist/proxy.mjs, with the built core inlined). */
const loadProxy = (): Promise<typeof ProxyModule> => import(new URL('../../dist/proxy.mjs', import.meta.url).href);

const N = 20;
type RP = { track: (...a: unknown[]) => void };
declare const richpanel: RP;

interface Setup {
  upstream: RunningCollector;
  shop: RunningCollector;
  /** Headers of every request the upstream received under /v2 and /v3. */
  upstreamHeaders: IncomingHttpHeaders[];
  /** Cookie headers the shop's proxy received with event posts. */
  shopCookies: (string | undefined)[];
}

async function setup(): Promise<Setup> {
  const upstreamHeaders: IncomingHttpHeaders[] = [];
  const shopCookies: (string | undefined)[] = [];
  const upstream = await startCollector({
    apiKey: 'e2e-key',
    mount: (req, _res, next) => {
      if (req.method === 'POST') upstreamHeaders.push(req.headers);
      next();
    },
  });
  const { createProxy, toNodeHandler } = await loadProxy();
  const proxy = toNodeHandler(createProxy({ upstream: upstream.url, basePath: '/cb' }));
  const shop = await startCollector({
    apiKey: 'shop-does-not-collect',
    static: { '/': 'test/e2e/pages', '/dist/': 'dist' },
    mount: (req, res, next) => {
      if (req.method === 'POST' && req.url?.startsWith('/cb/')) shopCookies.push(req.headers.cookie);
      proxy(req, res, next);
    },
  });
  return { upstream, shop, upstreamHeaders, shopCookies };
}

/** Opens the shop page in a fresh context with the shop's session cookie, tracks N events. */
async function run(browser: Browser, s: Setup, { direct, blocker }: { direct: boolean; blocker: boolean }) {
  const context = await browser.newContext();
  const refused: string[] = [];
  if (blocker)
    await context.route(`${s.upstream.url}/**`, (route) => {
      refused.push(route.request().url());
      return route.abort('blockedbyclient');
    });
  await context.addCookies([{ name: 'shop_session', value: 'secret-session', url: s.shop.url }]);
  const page = await context.newPage();
  const query = direct ? `?host=${encodeURIComponent(s.upstream.url)}` : '';
  await page.goto(`${s.shop.url}/proxy-shop.html${query}`);
  await page.evaluate(() => {
    document.cookie = 'cart=3-items; path=/';
  });
  await page.evaluate((n) => {
    for (let i = 0; i < n; i++) richpanel.track('view_product', { n: i });
  }, N);
  return { context, page, refused };
}

const arrived = (upstream: RunningCollector) =>
  upstream.events.filter((e) => e.name === 'view_product').map((e) => (e.event.properties as { n: number }).n);

test.describe('first-party proxy with a simulated blocker', () => {
  let s: Setup;
  test.beforeEach(async () => {
    s = await setup();
  });
  test.afterEach(async () => {
    await s.shop.close();
    await s.upstream.close();
  });

  test('without a blocker, direct to the tracking host: N of N arrive (the control)', async ({ browser }) => {
    const { context } = await run(browser, s, { direct: true, blocker: false });
    await s.upstream.waitForEvents(N);
    expect(arrived(s.upstream).sort((a, b) => a - b)).toEqual([...Array(N).keys()]);
    await context.close();
  });

  test('with the blocker, direct to the tracking host: 0 of N arrive', async ({ browser }) => {
    const { context, page, refused } = await run(browser, s, { direct: true, blocker: true });
    // Give the SDK every chance: well past its 1-second batching delay.
    await page.waitForTimeout(3000);
    expect(refused.some((url) => url.includes('/v2/j/e2e-key'))).toBe(true);
    expect(arrived(s.upstream)).toEqual([]);
    expect(s.upstream.requests).toHaveLength(0);
    await context.close();
  });

  test('with the blocker, through the proxy: N of N arrive, with X-Forwarded-For and without the shop cookies', async ({
    browser,
  }) => {
    const { context, page, refused } = await run(browser, s, { direct: false, blocker: true });
    await s.upstream.waitForEvents(N);
    expect(arrived(s.upstream).sort((a, b) => a - b)).toEqual([...Array(N).keys()]);
    // The core came first-party, from the proxy (not from the tracking host).
    const core = await page.evaluate(() => (document.querySelector('script[src*="/v2/j/"]') as HTMLScriptElement).src);
    expect(core.startsWith(`${s.shop.url}/cb/v2/j/e2e-key`)).toBe(true);
    expect(refused).toEqual([]);
    // The shop's cookies reached the shop (first-party), and stopped there.
    expect(s.shopCookies.length).toBeGreaterThan(0);
    for (const cookie of s.shopCookies) expect(cookie).toContain('shop_session=secret-session');
    expect(s.upstreamHeaders.length).toBeGreaterThan(0);
    for (const headers of s.upstreamHeaders) {
      expect(headers['x-forwarded-for']).toBe('127.0.0.1');
      expect(headers.cookie).toBeUndefined();
      expect(headers['user-agent']).toContain('Chrome');
    }
    await context.close();
  });
});

test('the dev server demo page loads the core and sends its events through /cb', async ({ page }) => {
  const { createProxy, toNodeHandler } = await loadProxy();
  let proxy: ReturnType<typeof toNodeHandler> | undefined;
  // As `cartbeacon dev` runs without --upstream: the proxy in front of the server itself.
  const dev = await startCollector({
    apiKey: 'demo-key',
    demo: true,
    mount: (req, res, next) => (proxy ? proxy(req, res, next) : next()),
  });
  proxy = toNodeHandler(createProxy({ upstream: dev.url, basePath: '/cb' }));
  try {
    await page.goto(`${dev.url}/proxy.html`);
    await page.getByRole('button', { name: 'Track a search' }).click();
    await expect(page.getByTestId('proxy-result')).toContainText('Delivered search through the proxy');
    const names = dev.events.map((e) => e.name);
    expect(names).toContain('page_view');
    expect(names).toContain('search');
    await expect(page.getByTestId('proxy-requests')).toContainText('/cb/v2/j/demo-key');
    await expect(page.getByTestId('proxy-requests')).toContainText('/cb/v2/bt');
  } finally {
    await dev.close();
  }
});
