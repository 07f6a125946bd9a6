// The first-party proxy (cartbeacon/proxy, issue 15): how many events survive a blocker, direct to
// the tracking host vs through the proxy on the shop's origin, and the latency the proxy adds.
// - Blocker: Playwright request routing refuses every request to the tracking host (the bench
//   collector's origin), as a filter list refuses api.richpanel.com: the core script and the events.
// - Shop: a node:http server with `toNodeHandler(createProxy({ upstream: collector }))` from the
//   built dist/proxy.mjs at /cb, serving one page whose snippet loads from `?host=` (direct) or /cb.
// - Latency: from Node, the same 25-event `POST /v2/bt` direct to the collector and through the
//   proxy, alternating, keep-alive both ways; the proxy's cost is the difference of the medians.
// `node bench/proxy.mjs` runs this part alone (`--no-build` to measure the dist/ that is there).
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT, startCollector, tally } from './collector.mjs';
import { build, launchChromium, median, sessionEvents, waitFor } from './lib.mjs';

/** Events tracked per run: the browser table's 100-event storefront mix. */
export const PROXY_EVENTS = 100;
/** How long a run may take to deliver (the SDK's own flush timing is about a second). */
const DELIVERY_TIMEOUT_MS = 10_000;
/** Round trips timed per path, after the warm-up: enough for a stable median on a busy machine. */
const LATENCY_REQUESTS = 300;
const LATENCY_WARMUP = 30;

const PAGE = `<!doctype html><html><head><meta charset="utf-8"><title>Proxy bench shop</title>
<script src="/dist/snippet.min.js"></script>
<script>richpanel.load('bench-key', { host: new URLSearchParams(location.search).get('host') || location.origin + '/cb' });</script>
</head><body><h1>Proxy bench shop</h1></body></html>`;

async function startProxyShop(upstream) {
  const { createProxy, toNodeHandler } = await import(pathToFileURL(join(ROOT, 'dist', 'proxy.mjs')).href);
  const proxy = toNodeHandler(createProxy({ upstream, basePath: '/cb' }));
  const snippet = await readFile(join(ROOT, 'dist', 'snippet.min.js'));
  const server = createServer((req, res) =>
    proxy(req, res, () => {
      const path = new URL(req.url, 'http://x').pathname;
      if (path === '/shop.html') res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(PAGE);
      else if (path === '/dist/snippet.min.js')
        res.writeHead(200, { 'Content-Type': 'text/javascript; charset=utf-8' }).end(snippet);
      else res.writeHead(404).end();
    }),
  );
  server.keepAliveTimeout = 5_000;
  const sockets = new Set();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    close: () =>
      new Promise((ok) => {
        server.close(() => ok());
        for (const s of sockets) s.destroy();
      }),
  };
}

/** One run in a fresh context with the blocker on: tracks the events, returns the tally. */
async function blockedRun(browser, collector, shop, via) {
  const context = await browser.newContext();
  let refused = 0;
  await context.route(`${collector.url}/**`, (route) => {
    refused++;
    return route.abort('blockedbyclient');
  });
  try {
    const page = await context.newPage();
    const query = via === 'direct' ? `?host=${encodeURIComponent(collector.url)}` : '';
    await page.goto(`${shop.url}/shop.html${query}`);
    const events = sessionEvents(`proxy-${via}`, PROXY_EVENTS);
    await page.evaluate((list) => {
      for (const [name, props] of list) window.richpanel.track(name, props);
    }, events);
    const tracked = events.map(([, p]) => p.n);
    await waitFor(() => tally(collector, tracked).delivered === PROXY_EVENTS, DELIVERY_TIMEOUT_MS);
    return { ...tally(collector, tracked), refused };
  } finally {
    await context.close();
  }
}

/** Milliseconds of one POST, answer read to its end. */
async function roundTrip(url, body) {
  const t = performance.now();
  const res = await fetch(url, { method: 'POST', body, headers: { 'Content-Type': 'application/json' } });
  await res.arrayBuffer();
  if (res.status !== 200) throw new Error(`POST ${url} answered ${res.status}`);
  return performance.now() - t;
}

async function latency(collector, shop) {
  const payload = {
    event: 'send_batch',
    appClientId: 'bench-key',
    events: sessionEvents('latency', 25).map(([event, properties], i) => ({
      event,
      properties,
      eventId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      appClientId: 'bench-key',
    })),
  };
  const body = JSON.stringify({ hs: Buffer.from(JSON.stringify(payload)).toString('base64') });
  const direct = `${collector.url}/v2/bt`;
  const proxied = `${shop.url}/cb/v2/bt`;
  for (let i = 0; i < LATENCY_WARMUP; i++) {
    await roundTrip(direct, body);
    await roundTrip(proxied, body);
  }
  const times = { direct: [], proxy: [] };
  for (let i = 0; i < LATENCY_REQUESTS; i++) {
    times.direct.push(await roundTrip(direct, body));
    times.proxy.push(await roundTrip(proxied, body));
  }
  const p90 = (v) => v.slice().sort((a, b) => a - b)[Math.floor(v.length * 0.9)];
  return {
    requests: LATENCY_REQUESTS,
    bodyBytes: Buffer.byteLength(body),
    directMs: median(times.direct),
    proxyMs: median(times.proxy),
    directP90Ms: p90(times.direct),
    proxyP90Ms: p90(times.proxy),
    addedMs: median(times.proxy) - median(times.direct),
  };
}

/** The proxy figures: delivery with a blocker (direct vs proxy) and the latency it adds. */
export async function proxyFigures(browser, log = () => {}) {
  const collector = await startCollector({ cores: { 'bench-key': join(ROOT, 'dist', 'richpanel.min.js') } });
  const shop = await startProxyShop(collector.url);
  try {
    // Latency first, while no browser work competes with this process for the CPU.
    log(`proxy: latency, ${LATENCY_REQUESTS} round trips each way`);
    const timing = await latency(collector, shop);
    collector.reset();
    log('proxy: direct to the tracking host, blocked');
    const direct = await blockedRun(browser, collector, shop, 'direct');
    collector.reset();
    log('proxy: through the proxy, tracking host blocked');
    const proxy = await blockedRun(browser, collector, shop, 'proxy');
    return { events: PROXY_EVENTS, direct, proxy, latency: timing };
  } finally {
    await shop.close();
    await collector.close();
  }
}

const fmt = (n, d = 2) => (n == null ? '-' : Number(n).toFixed(d));

/** The Markdown table of the figures. */
export function proxyTable(p) {
  if (!p || p.error) return `First-party proxy: not measured${p?.error ? ` (${p.error})` : ''}.`;
  const l = p.latency;
  return [
    '| first-party proxy (`cartbeacon/proxy`), requests to the tracking host refused | direct to the tracking host | through the proxy |',
    '|---|---:|---:|',
    `| of ${p.events} events, delivered within ${DELIVERY_TIMEOUT_MS / 1000} s | ${p.direct.delivered} | ${p.proxy.delivered} |`,
    `| \`POST /v2/bt\` (25 events) round trip to a local upstream, median (p90) of ${l.requests} | ${fmt(l.directMs)} ms (${fmt(l.directP90Ms)}) | ${fmt(l.proxyMs)} ms (${fmt(l.proxyP90Ms)}) |`,
    `| latency the proxy adds (difference of the medians) | - | +${fmt(l.addedMs)} ms |`,
  ].join('\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const t = Date.now();
  if (!process.argv.includes('--no-build')) {
    const b = await build(ROOT);
    if (!b.ok) console.error(`build failed, measuring the dist/ that is there:\n${b.error}`);
  }
  const browser = await launchChromium();
  try {
    const figures = await proxyFigures(browser, (m) => console.error(m));
    console.log(proxyTable(figures));
    console.error(JSON.stringify(figures, null, 2));
    console.error(`\n${((Date.now() - t) / 1000).toFixed(0)} s`);
  } finally {
    await browser.close();
  }
}
