// The first minute of a new user, end to end on what ships: `cartbeacon dev` (dist/cli.mjs) serving
// the demo storefront, the core and the viewer; Chromium browses, buys, logs in and checks out, then
// the viewer shows the order from a verified customer. The shop tracks its commerce steps as a GA4
// theme does, by pushing to `window.dataLayer` (object and gtag forms), and the core's
// `ecommerce: 'dataLayer'` module turns them into Richpanel's events; a reloaded thank-you page is
// one order.
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

test('browse, add to cart, log in and check out: the shop pushes GA4 data, the viewer shows the order from a verified customer', async ({
  page,
}, testInfo) => {
  await page.goto(`${base}/`);
  await page.getByRole('button', { name: 'Accept' }).click(); // the shop's consent banner
  await addProduct(page, 'Linen Shirt');
  // The product page pushed GA4's view_item and add_to_cart (GTM's object form, each after
  // `{ ecommerce: null }`), and its dataLayer panel says what each becomes.
  const panel = page.getByTestId('datalayer');
  await expect(panel).toBeVisible();
  await expect(panel.locator('li code')).toHaveText([
    'dataLayer.push({ "ecommerce": null })',
    /^dataLayer\.push\(\{ "event": "view_item", "ecommerce": \{ .*"item_id": "2493989519418"/,
    'dataLayer.push({ "ecommerce": null })',
    /^dataLayer\.push\(\{ "event": "add_to_cart", "ecommerce": \{ .*"quantity": 1/,
  ]);
  await expect(panel.locator('li[data-becomes] a')).toHaveText(['view_product', 'add_to_cart']);
  await expect(panel.locator('li[data-becomes="view_product"] a')).toHaveAttribute(
    'href',
    '/events?event=view_product',
  );
  await addProduct(page, 'Canvas Tote');
  await addProduct(page, 'Field Notebook');
  await page.screenshot({ path: testInfo.outputPath('product.png'), fullPage: true });

  await page.getByTestId('cart-link').click();
  await expect(page.getByTestId('cart-lines').locator('li')).toHaveCount(3);
  await page.getByRole('button', { name: 'Remove Field Notebook' }).click();
  await expect(page.getByTestId('cart-lines').locator('li')).toHaveCount(2);
  await expect(page.getByTestId('datalayer').locator('li[data-becomes="remove_from_cart"] code')).toHaveText(
    /^gtag\("event", "remove_from_cart", \{ .*"item_name": "Field Notebook"/,
  );

  await page.getByRole('link', { name: 'Log in to check out' }).click();
  await page.getByLabel('Email').fill('ada@example.com');
  await page.getByLabel('First name').fill('Ada');
  await page.getByLabel('Last name').fill('Lovelace');
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.waitForURL(`${base}/checkout.html`);
  await expect(page.getByTestId('customer')).toHaveText('Ada');
  await expect(page.getByText('Logged in as ada@example.com')).toBeVisible();
  await expect.poll(async () => (await storedEvents('checkout_start')).length).toBe(1); // begin_checkout arrived
  await page.screenshot({ path: testInfo.outputPath('checkout.png'), fullPage: true });

  await page.getByRole('button', { name: 'Place order' }).click();
  await page.waitForURL(/\/thanks\.html\?order=\d+$/);
  const orderId = new URL(page.url()).searchParams.get('order') as string;
  await expect(page.getByTestId('order-number')).toHaveText(`Order #${orderId}`);
  // The thank-you page pushed GA4's purchase in gtag's form.
  await expect(page.getByTestId('datalayer').locator('li[data-becomes="order"] code')).toHaveText(
    new RegExp(`^gtag\\("event", "purchase", \\{ "transaction_id": "${orderId}"`),
  );

  await page.screenshot({ path: testInfo.outputPath('thanks.png'), fullPage: true });

  // What the collector stored: Richpanel's events, made from the GA4 pushes by ecommerce: 'dataLayer'.
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
    'checkout_payment',
    'order',
  ]) {
    expect(names, `stored events include ${name}`).toContain(name);
  }
  // each GA4 item became a Richpanel product: id ← item_id, name ← item_name, optionId ← item_variant
  const linen = { id: '2493989519418', name: 'Linen Shirt', price: 49.99, optionId: '31858336956474' };
  const tote = { id: '4586759913530', name: 'Canvas Tote', price: 24, optionId: '32132068311098' };
  const notebook = { id: '7703981122345', name: 'Field Notebook', price: 9.75, optionId: '35501928374655' };
  const propsOf = async (name: string) => (await storedEvents(name)).map((e) => e.event.properties);
  // three product pages, each its own page load (arrival order across pages is not asserted)
  const usd = (p: object, quantity?: number) => ({ ...p, ...(quantity ? { quantity } : {}), currency: 'USD' });
  const sameSet = async (name: string, expected: object[]) => {
    const got = await propsOf(name);
    expect(got, name).toHaveLength(expected.length);
    expect(got, name).toEqual(expect.arrayContaining(expected));
  };
  await sameSet('view_product', [usd(linen), usd(tote), usd(notebook)]);
  await sameSet('add_to_cart', [usd(linen, 1), usd(tote, 1), usd(notebook, 1)]);
  expect(await propsOf('remove_from_cart')).toEqual([usd(notebook, 1)]);
  expect(await propsOf('view_cart')).toEqual([
    { amount: 83.74, currency: 'USD', items: [linen, tote, notebook].map((p) => ({ ...p, quantity: 1 })) },
  ]);
  const cart = [
    { ...linen, quantity: 1 },
    { ...tote, quantity: 1 },
  ];
  expect(await propsOf('checkout_start')).toEqual([{ amount: 73.99, currency: 'USD', items: cart }]);
  expect(await propsOf('checkout_payment')).toEqual([
    { amount: 73.99, currency: 'USD', items: cart, paymentMethod: 'Credit Card' },
  ]);
  const [order] = await storedEvents('order');
  expect(order?.identity).toMatchObject({ verified: true, by: 'token', email: 'ada@example.com', firstName: 'Ada' });
  expect(order?.warnings).toEqual([]);
  // orderId ← transaction_id, amount ← value (the items, as Google's guide has it), taxAmount ← tax,
  // shippingAmount ← shipping (free from 50), items ← items
  expect(order?.event.properties).toEqual({
    orderId,
    amount: 73.99,
    currency: 'USD',
    taxAmount: 5.92,
    shippingAmount: 0,
    items: cart,
  });
  const [identify] = await storedEvents('identify');
  expect(identify?.event.userProperties).toMatchObject({ email: 'ada@example.com', phone: 9977090122 });
  const addToCart = await storedEvents('add_to_cart');
  expect(addToCart.every((e) => e.identity.verified === false)).toBe(true); // before logging in: a visitor

  // Reloading the thank-you page pushes the purchase again: the page sends the order again, with the
  // same eventId (derived from the API key and the transaction id), and the collector keeps one.
  const resent: string[] = [];
  page.on('request', (request) => {
    if (!request.url().endsWith('/v2/bt')) return;
    const { hs } = JSON.parse(request.postData() ?? '{}') as { hs?: string };
    const batch = JSON.parse(Buffer.from(hs ?? '', 'base64').toString('utf8')) as {
      events: { event: string; eventId: string }[];
    };
    for (const e of batch.events) if (e.event === 'order') resent.push(e.eventId);
  });
  await page.reload();
  await expect(page.getByTestId('order-number')).toHaveText(`Order #${orderId}`);
  await expect.poll(() => resent.length, { timeout: 10_000 }).toBeGreaterThan(0);
  expect(new Set(resent)).toEqual(new Set([order?.id]));
  await expect
    .poll(
      async () =>
        (await storedEvents('page_view')).filter((e) => e.event.properties?.pageType === 'order_confirmation').length,
    )
    .toBe(2);
  expect((await storedEvents('order')).map((e) => e.id)).toEqual([order?.id]);

  // The viewer, opened on orders as the panel's link opens it: one order, from a verified customer,
  // labelled with the GA4 event it came from.
  await page.goto(`${base}/events?event=order`);
  await expect(page.locator('#status')).toHaveText('live');
  await expect(page.locator('#filter')).toHaveValue('order');
  const row = page.locator('#list .event');
  await expect(row).toHaveCount(1);
  await expect(row.locator('.name')).toHaveText('order');
  await expect(row.locator('.badge.customer')).toHaveText('customer · ada@example.com');
  await expect(row.locator('.badge.ga4')).toHaveText('GA4 purchase');
  await expect(row.locator('.summary')).toContainText(`order ${orderId}`);
  await row.locator('summary').click();
  await expect(row.locator('.meta')).toContainText('derived from the API key and the transaction id');
  await expect(row.locator('.json')).toContainText(`"orderId": "${orderId}"`);
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
