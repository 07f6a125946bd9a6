// Small helpers shared by the bench modules: Chromium, statistics, waiting, the workload.
import { readFileSync } from 'node:fs';

/** The system Chromium and its flags, as playwright.config.ts reads them (scripts/chromium.json). */
const chromium = JSON.parse(readFileSync(new URL('../scripts/chromium.json', import.meta.url), 'utf8'));
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || chromium.defaultPath;
export const CHROMIUM_ARGS = chromium.args;

export async function launchChromium() {
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export function median(values) {
  const v = values.filter((x) => typeof x === 'number' && Number.isFinite(x)).sort((a, b) => a - b);
  if (!v.length) return null;
  const mid = v.length >> 1;
  return v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
}

/** Polls `check` every 50 ms until it is truthy or `timeoutMs` passed; returns whether it became true. */
export async function waitFor(check, timeoutMs) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return true;
    if (Date.now() >= end) return false;
    await sleep(50);
  }
}

/** The documented `order` properties (test/fixtures). */
export const ORDER = JSON.parse(
  readFileSync(new URL('../test/fixtures/order-properties.json', import.meta.url), 'utf8'),
);

/**
 * A storefront session's events: per 20, 8 page_view, 6 view_product, 2 add_to_cart, and one each of
 * search, view_cart, checkout_start and order (the documented fixture). Every event carries `n`, a
 * unique tag the collector uses to tell which tracked events arrived.
 */
export function sessionEvents(tag, count) {
  const cycle = [
    'page_view',
    'view_product',
    'page_view',
    'view_product',
    'page_view',
    'add_to_cart',
    'view_product',
    'page_view',
    'search',
    'view_product',
    'page_view',
    'view_product',
    'page_view',
    'add_to_cart',
    'view_product',
    'page_view',
    'view_cart',
    'page_view',
    'checkout_start',
    'order',
  ];
  const product = (i) => ({
    id: String(2493989519418 + i),
    name: `My Product ${i}`,
    price: 49.99,
    currency: 'USD',
    sku: `A31SSUJZ${i}`,
    url: `https://shop.example/products/p${i}`,
    imageURL: `https://cdn.shop.example/products/p${i}.jpg`,
  });
  const out = [];
  for (let i = 0; i < count; i++) {
    const name = cycle[i % cycle.length];
    const n = `${tag}-${i}`;
    let props;
    if (name === 'view_product') props = { n, ...product(i) };
    else if (name === 'add_to_cart') props = { n, ...product(i), quantity: 1 };
    else if (name === 'search') props = { n, q: 'running shoes' };
    else if (name === 'view_cart' || name === 'checkout_start')
      props = { n, amount: 99.98, items: [product(1), product(2)] };
    else if (name === 'order') props = { ...ORDER, n, orderId: String(11111 + i) };
    else props = { n };
    out.push([name, props]);
  }
  return out;
}

/** Runs async tasks with at most `limit` at a time; results in input order. */
export async function pool(tasks, limit) {
  const results = new Array(tasks.length);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const i = next++;
      results[i] = await tasks[i]();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
  return results;
}

/**
 * Rebuilds dist/ with `npx rollup -c --silent` (the core may change size while others work: always
 * measure a fresh build). Returns { ok, ms, error }: on failure the bench goes on with the dist/ that
 * is there, and says so.
 */
export async function build(root) {
  const { spawnSync } = await import('node:child_process');
  const t = Date.now();
  const r = spawnSync('npx', ['rollup', '-c', '--silent'], { cwd: root, encoding: 'utf8' });
  const error =
    r.status === 0 ? undefined : (r.stderr || r.stdout || String(r.error)).trim().split('\n').slice(0, 8).join('\n');
  return { ok: r.status === 0, ms: Date.now() - t, error };
}
