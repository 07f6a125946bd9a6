// The first minute of a new user, end to end on what ships: `cartbeacon dev` (dist/cli.mjs) serving
// the demo storefront, the core and the viewer; Chromium browses, buys, logs in and checks out, then
// the viewer shows the order from a verified customer.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';

interface Stored {
  id: string;
  name: string;
  identity: { verified: boolean; [k: string]: unknown };
  warnings: string[];
  transport: string;
  event: { properties?: Record<string, unknown>; userProperties?: Record<string, unknown> };
}

const KEY = 'e2e-shop-key';
const SECRET = 'e2e-shop-secret';
let server: ChildProcess | undefined;
let base = '';
let dataDir = '';

/** Starts `node dist/cli.mjs dev` on a free port and reads the shop URL it prints. */
async function startDevServer(): Promise<string> {
  const child = spawn(process.execPath, ['dist/cli.mjs', 'dev', '--port', '0', '--data', dataDir], {
    env: { ...process.env, RICHPANEL_API_KEY: KEY, RICHPANEL_API_SECRET: SECRET, PORT: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  server = child;
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`cartbeacon dev did not print its URL:\n${output}`)), 15_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Shop\s+(http:\/\/\S+?)\/?\s/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1] as string);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`cartbeacon dev exited with ${code}:\n${output}`)));
  });
}

async function storedEvents(name?: string): Promise<Stored[]> {
  const res = await fetch(`${base}/api/events${name ? `?event=${encodeURIComponent(name)}` : ''}`);
  return ((await res.json()) as { events: Stored[] }).events;
}

async function addProduct(page: Page, name: string): Promise<void> {
  await page.goto(`${base}/`);
  await page.getByRole('link', { name: new RegExp(name) }).click();
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
  await page.getByRole('button', { name: 'Add to cart' }).click();
  await expect(page.getByRole('status')).toContainText(`Added 1 × ${name}`);
}

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'cartbeacon-e2e-'));
  base = await startDevServer();
});

test.afterAll(async () => {
  if (server && server.exitCode === null) {
    const exited = new Promise((resolve) => server?.once('exit', resolve));
    server.kill('SIGINT');
    await exited;
  }
  rmSync(dataDir, { recursive: true, force: true });
});

test('browse, add to cart, log in and check out: the viewer shows the order from a verified customer', async ({
  page,
}, testInfo) => {
  await page.goto(`${base}/`);
  await page.getByRole('button', { name: 'Accept' }).click(); // the shop's consent banner
  await addProduct(page, 'Linen Shirt');
  await addProduct(page, 'Canvas Tote');
  await addProduct(page, 'Field Notebook');
  await page.screenshot({ path: testInfo.outputPath('product.png'), fullPage: true });

  await page.getByTestId('cart-link').click();
  await expect(page.getByTestId('cart-lines').locator('li')).toHaveCount(3);
  await page.getByRole('button', { name: 'Remove Field Notebook' }).click();
  await expect(page.getByTestId('cart-lines').locator('li')).toHaveCount(2);

  await page.getByRole('link', { name: 'Log in to check out' }).click();
  await page.getByLabel('Email').fill('ada@example.com');
  await page.getByLabel('First name').fill('Ada');
  await page.getByLabel('Last name').fill('Lovelace');
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.waitForURL(`${base}/checkout.html`);
  await expect(page.getByTestId('customer')).toHaveText('Ada');
  await expect(page.getByText('Logged in as ada@example.com')).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('checkout.png'), fullPage: true });

  await page.getByRole('button', { name: 'Place order' }).click();
  await page.waitForURL(/\/thanks\.html\?order=\d+/);
  const orderId = new URL(page.url()).searchParams.get('order') as string;
  expect(new URL(page.url()).searchParams.get('queued')).toBeNull();
  await expect(page.getByTestId('order-number')).toHaveText(`Order #${orderId}`);

  // What the collector stored, by name.
  await expect.poll(async () => (await storedEvents('order')).length).toBe(1);
  const names = new Set((await storedEvents()).map((e) => e.name));
  for (const name of [
    'page_view',
    'view_product',
    'add_to_cart',
    'remove_from_cart',
    'view_cart',
    'identify',
    'checkout_start',
    'order',
  ]) {
    expect(names, `stored events include ${name}`).toContain(name);
  }
  const [order] = await storedEvents('order');
  expect(order?.identity).toMatchObject({ verified: true, by: 'token', email: 'ada@example.com', firstName: 'Ada' });
  expect(order?.warnings).toEqual([]);
  const props = order?.event.properties ?? {};
  expect(props).toMatchObject({
    orderId,
    currency: 'USD',
    items: [
      { name: 'Linen Shirt', quantity: 1, price: 49.99 },
      { name: 'Canvas Tote', quantity: 1, price: 24 },
    ],
  });
  expect(props).toHaveProperty('billingCity', 'Lockport');
  expect(props).toHaveProperty('shippingMethod');
  expect((props.fulfillment as { tracking: { trackingNumber: string }[] }[])[0]?.tracking[0]?.trackingNumber).toMatch(
    /^\d+$/,
  );
  const [identify] = await storedEvents('identify');
  expect(identify?.event.userProperties).toMatchObject({ email: 'ada@example.com', phone: 9977090122 });
  const addToCart = await storedEvents('add_to_cart');
  expect(addToCart.every((e) => e.identity.verified === false)).toBe(true); // before logging in: a visitor

  // The viewer: live list, filtered to orders, showing a verified customer.
  await page.goto(`${base}/events`);
  await expect(page.locator('#status')).toHaveText('live');
  await page.locator('#filter').selectOption('order');
  const row = page.locator('#list .event');
  await expect(row).toHaveCount(1);
  await expect(row.locator('.name')).toHaveText('order');
  await expect(row.locator('.badge.customer')).toHaveText('customer · ada@example.com');
  await expect(row.locator('.summary')).toContainText(`order ${orderId}`);
  await row.locator('summary').click();
  await expect(row.locator('.json')).toContainText('"trackingNumber"');
  await page.screenshot({ path: testInfo.outputPath('viewer-order.png'), fullPage: true });

  // New events show up live, without a reload.
  await page.locator('#filter').selectOption('');
  const before = await page.locator('#list .event').count();
  const other = await page.context().newPage();
  await other.goto(`${base}/`);
  await expect.poll(() => page.locator('#list .event').count(), { timeout: 10_000 }).toBeGreaterThan(before);
  await expect(page.locator('#list .event').first().locator('.name')).toHaveText('page_view');
  await page.screenshot({ path: testInfo.outputPath('viewer.png') });
  await other.close();
});

test('the viewer shows an event named with markup as plain characters', async ({ page }) => {
  const name = '<img src=x onerror="document.title=\'pwned\'">';
  const hs = Buffer.from(
    JSON.stringify({
      event: 'send_batch',
      appClientId: KEY,
      events: [{ event: name, eventId: 'xss-1', properties: { name } }],
    }),
  ).toString('base64');
  const res = await fetch(`${base}/v2/bt`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ hs }),
  });
  expect(res.status).toBe(200);
  await page.goto(`${base}/events`);
  const row = page.locator('#list .event', { has: page.locator('.name', { hasText: 'onerror' }) });
  await expect(row.locator('.name')).toHaveText(name);
  await expect(page.locator('#list img')).toHaveCount(0);
  expect(await page.title()).not.toBe('pwned');
});

test('the npm build page tracks with createTracker and delivers', async ({ page }, testInfo) => {
  await page.goto(`${base}/bundler.html`);
  await page.getByRole('button', { name: 'Track a search' }).click();
  await expect(page.getByTestId('bundler-result')).toHaveText('Delivered search (see /events).');
  await expect
    .poll(async () => (await storedEvents('search')).map((e) => e.event.properties?.query))
    .toEqual(['linen']);
  await page.screenshot({ path: testInfo.outputPath('bundler.png'), fullPage: true });
});

test('the shop home page lists the products', async ({ page }, testInfo) => {
  await page.goto(`${base}/`);
  await expect(page.getByTestId('products').locator('li')).toHaveCount(6);
  await page.screenshot({ path: testInfo.outputPath('shop.png'), fullPage: true });
});

test('stored events survive a restart of cartbeacon dev', async () => {
  // Pages closed by the earlier tests may still be sending (beacons on leave): wait for quiet.
  let before: string[] = [];
  await expect
    .poll(
      async () => {
        const now = (await storedEvents()).map((e) => e.id);
        const quiet = now.length > 0 && now.length === before.length;
        before = now;
        return quiet;
      },
      { intervals: [1500], timeout: 20_000 },
    )
    .toBe(true);
  const exited = new Promise((resolve) => server?.once('exit', resolve));
  server?.kill('SIGINT');
  expect(await exited).toBe(0);
  base = await startDevServer(); // same data folder
  expect((await storedEvents()).map((e) => e.id)).toEqual(before);
});
