// The React and Vue adapters in real apps, installed from the packed tarball and built for production:
// a Next.js app-router app and a Vue app rendered on the server (Vite SSR), driven in Chromium against
// the dev collector. Server render without an error, one page_view per client route with its path,
// add_to_cart and a complete order, and the app's own type check.
import { spawnSync } from 'node:child_process';
import { expect, test as base } from '@playwright/test';
import type { Page } from '@playwright/test';
import { startCollector } from '../../src/collector/index.js';
import type { RunningCollector, StoredEvent } from '../../src/collector/index.js';
import { APPS, appEnv } from './apps.js';
import type { AppSpec } from './apps.js';
import { startApp } from './server.js';
import type { RunningApp } from './server.js';

const KEYS: Record<string, string> = { next: 'next-app-key', vue: 'vue-app-key' };
/** The pages of the apps and their heading. */
const ROUTES: [string, string][] = [
  ['/', 'Linen & Wool'],
  ['/products/p1', 'Linen shirt'],
  ['/cart', 'Cart'],
  ['/thanks?order=1001', 'Thank you'],
];

const named = (events: StoredEvent[], name: string) => events.filter((e) => e.name === name).map((e) => e.event);
const path = (event: Record<string, unknown>) => (event.context as { page: { path: string } }).page.path;

/**
 * Console errors and warnings, uncaught errors and failed requests of the page (hydration problems land
 * here). Requests the browser aborted are left out: leaving a page cancels the router's prefetches.
 */
function problems(page: Page): string[] {
  const seen: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') seen.push(`console.${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => seen.push(`pageerror: ${e.message}`));
  page.on('requestfailed', (r) => {
    if (r.failure()?.errorText !== 'net::ERR_ABORTED') seen.push(`requestfailed: ${r.url()} ${r.failure()?.errorText}`);
  });
  page.on('response', (r) => {
    if (r.status() >= 400) seen.push(`HTTP ${r.status()}: ${r.url()}`);
  });
  return seen;
}

for (const spec of APPS) {
  const test = base.extend<{ collector: RunningCollector; app: RunningApp }>({
    // biome-ignore lint/correctness/noEmptyPattern: Playwright reads a fixture's dependencies from this pattern
    collector: async ({}, use) => {
      const collector = await startCollector({ apiKey: KEYS[spec.name] });
      await use(collector);
      await collector.close();
    },
    app: async ({ collector }, use) => {
      const app = await startApp(spec, collector.url);
      await use(app);
      await app.stop();
    },
  });

  test.describe(`${spec.name} app`, () => {
    test('renders every page on the server without an error, and hydrates it cleanly', async ({ app, page }) => {
      const seen = problems(page);
      for (const [route, heading] of ROUTES) {
        const response = await fetch(app.url + route);
        expect(response.status, route).toBe(200);
        const html = await response.text();
        expect(html, route).toContain(`<h1>${heading.replace('&', '&amp;')}</h1>`);
        await page.goto(app.url + route);
        await expect(page.locator('h1')).toHaveText(heading);
        await page.waitForLoadState('networkidle');
      }
      expect(seen).toEqual([]);
      expect(app.stderr()).toBe('');
    });

    test("landing on a product page sends its page_view and the page's own view_product", async ({
      app,
      collector,
      page,
    }) => {
      // The page's effect runs before the provider's (React runs children's effects first).
      const seen = problems(page);
      await page.goto(app.url + '/products/p2');
      await expect(page.locator('h1')).toHaveText('Wool socks');
      await expect
        .poll(() => collector.events.map((e) => e.name).sort(), { timeout: 10_000 })
        .toEqual(['page_view', 'view_product']);
      const [pageView] = named(collector.events, 'page_view');
      expect(pageView?.properties).toMatchObject({ path: '/products/p2', title: 'Linen & Wool' });
      expect(named(collector.events, 'view_product')[0]?.properties).toMatchObject({ id: 'p2', price: 12.5 });
      expect(seen).toEqual([]);
    });

    test('sends one page_view per client route with its path, then add_to_cart and the order', async ({
      app,
      collector,
      page,
    }) => {
      const seen = problems(page);
      await page.goto(app.url + '/');
      await expect(page.locator('h1')).toHaveText('Linen & Wool');
      await page.evaluate(() => {
        (window as { sameDocument?: boolean }).sameDocument = true;
      });

      await page.getByRole('link', { name: 'Linen shirt' }).click();
      await expect(page.locator('h1')).toHaveText('Linen shirt');
      await page.getByRole('button', { name: 'Add to cart' }).click();
      await page.getByRole('link', { name: 'Go to cart' }).click();
      await expect(page.getByRole('listitem')).toHaveText('Linen shirt × 1');
      await page.getByRole('button', { name: 'Place order' }).click();
      await expect(page.locator('h1')).toHaveText('Thank you');
      // Every page after the first came from the client router, not from a page load.
      expect(await page.evaluate(() => (window as { sameDocument?: boolean }).sameDocument)).toBe(true);

      await expect.poll(() => named(collector.events, 'page_view').length, { timeout: 10_000 }).toBe(4);
      await page.waitForTimeout(1_500); // a late duplicate would arrive within one flush delay
      const events = collector.events;
      expect(named(events, 'page_view').map(path)).toEqual(['/', '/products/p1', '/cart', '/thanks']);
      const pageViews = named(events, 'page_view').map((e) => e.properties as Record<string, string>);
      expect(pageViews.map((p) => p.path)).toEqual(['/', '/products/p1', '/cart', '/thanks']);
      expect(pageViews[3]!.url).toMatch(/\/thanks\?order=\d+$/);

      const [viewed] = named(events, 'view_product');
      expect(viewed?.properties).toMatchObject({ id: 'p1', name: 'Linen shirt', price: 49.99 });
      expect(path(viewed!)).toBe('/products/p1');
      const added = named(events, 'add_to_cart');
      expect(added.map((e) => e.properties)).toEqual([
        { id: 'p1', name: 'Linen shirt', sku: 'LIN-SHIRT-M', price: 49.99, currency: 'EUR', quantity: 1 },
      ]);
      const orders = events.filter((e) => e.name === 'order');
      expect(orders).toHaveLength(1);
      expect(orders[0]!.warnings).toEqual([]); // the collector's check of the documented required fields
      expect(orders[0]!.event.properties).toMatchObject({
        orderId: expect.stringMatching(/^\d+$/),
        amount: 49.99,
        currency: 'EUR',
        items: [{ id: 'p1', price: 49.99, quantity: 1 }],
      });
      expect(orders[0]!.event.userProperties).toMatchObject({ email: 'shopper@example.com' });
      expect(path(orders[0]!.event)).toBe('/cart');
      expect(new Set(events.map((e) => e.appClientId))).toEqual(new Set([KEYS[spec.name]]));
      expect(seen).toEqual([]);
      expect(app.stderr()).toBe('');
    });
  });

  base(`${spec.name} app: its type check passes against the published types`, () => {
    const result = spawnSync('npm', ['run', spec.typecheck], { cwd: spec.dir, env: appEnv(), encoding: 'utf8' });
    expect(result.stdout + result.stderr, 'type check output').not.toMatch(/error TS/);
    expect(result.status).toBe(0);
  });
}

export type { AppSpec };
