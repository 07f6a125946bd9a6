// Browser figures, cartbeacon against the documented approach, in headless Chromium. The shop page
// and the collector are different origins (two 127.0.0.1 ports), as on a real storefront, so the
// CORS preflights a real shop pays are counted. Each figure is the median of repeated runs, each run
// in a fresh browser context (empty cache and storage), the two approaches alternating.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, startCollector, startShop, tally } from './collector.mjs';
import { ORDER, median, sessionEvents, sleep, waitFor } from './lib.mjs';
import { plausibleScript } from './plausible.mjs';

export const APPROACHES = {
  cartbeacon: { page: '/cb.html', key: 'bench-key' },
  documented: { page: '/doc.html', key: 'doc-key' },
  // an anchor for load -> ready and the track() loop only: Plausible sends one request per event
  plausible: { page: '/plausible.html' },
};

export async function startBenchServers() {
  // Plausible's script is served by the same server and in the same way as the two cores
  // (`<collector>/v2/j/<key>`), so the three load -> ready figures differ only by the scripts.
  const dir = mkdtempSync(join(tmpdir(), 'cartbeacon-bench-'));
  const plausibleFile = join(dir, 'plausible.js');
  writeFileSync(plausibleFile, plausibleScript());
  const collector = await startCollector({
    cores: {
      'bench-key': join(ROOT, 'dist', 'richpanel.min.js'),
      'doc-key': join(ROOT, 'bench', 'documented', 'core.js'),
      'plausible-script': plausibleFile,
    },
  });
  const shop = await startShop({ collectorUrl: collector.url });
  return {
    collector,
    shop,
    close: async () => {
      await shop.close();
      await collector.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const READY_TIMEOUT_MS = 10_000;
/** How long the 100 events may take to arrive (the SDK's own flush timing is about a second). */
const WIRE_TIMEOUT_MS = 10_000;

/** Resolves once the core is ready: `atr("onload", fn)` is queued by both stubs and run by both cores. */
export const whenReady = (page) =>
  page.evaluate(
    (ms) =>
      new Promise((resolve, reject) => {
        setTimeout(() => reject(new Error('core not ready')), ms);
        window.richpanel.atr('onload', () => resolve(true));
      }),
    READY_TIMEOUT_MS,
  );

async function withPage(browser, fn) {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    return await fn(page, context);
  } finally {
    await context.close();
  }
}

/** ms from richpanel.load() to the core being ready (cartbeacon: `richpanel.live === true` checked too). */
export function loadToReady(browser, servers, approach) {
  return withPage(browser, async (page) => {
    await page.goto(servers.shop.url + APPROACHES[approach].page + '?noload', { waitUntil: 'networkidle' });
    await sleep(200); // let the page settle: only load() -> ready is timed
    const r = await page.evaluate(
      (ms) =>
        new Promise((resolve, reject) => {
          setTimeout(() => reject(new Error('core not ready')), ms);
          let t0 = 0;
          const ready = () => {
            const now = performance.now();
            // the core's own response (all three are served as <collector>/v2/j/<key>): responseEnd
            // is exposed without Timing-Allow-Origin, so ready - responseEnd is what the page spent
            // on the script (parse, compile, run) after its last byte arrived
            const got = performance.getEntriesByType('resource').filter((e) => e.name.includes('/v2/j/'));
            const end = got.length ? got[got.length - 1].responseEnd : NaN;
            resolve({ ms: now - t0, afterMs: now - end, live: window.richpanel?.live === true });
          };
          // Plausible's script calls benchReady when it has run; the Richpanel-style cores run atr("onload")
          if (window.richpanel) window.richpanel.atr('onload', ready);
          else window.benchReady = ready;
          t0 = performance.now();
          window.benchLoad();
        }),
      READY_TIMEOUT_MS,
    );
    if (approach === 'cartbeacon' && !r.live)
      throw new Error('cartbeacon core ran atr onload before richpanel.live was true');
    return r;
  });
}

/**
 * Main-thread cost of one synchronous track() call with the documented `order` properties: after 500
 * warm-up calls, 10,000 calls timed in 100 batches of 100 with performance.now() (the page is
 * cross-origin isolated, so the clock has 5 µs resolution); the per-call median over the batches.
 * The documented approach sends an XHR inside every call (~1 ms each): 2,000 calls (20 batches)
 * measure it well enough and keep the bench short.
 */
export const TRACK_BATCHES = { cartbeacon: 100, documented: 20 };

/** A loop of 1,000 track('order') calls, as the anchors' harness times it (after the same warm-up). */
export const LOOP_CALLS = 1_000;

export function trackCost(browser, servers, approach, batches = TRACK_BATCHES[approach] ?? 20) {
  return withPage(browser, async (page) => {
    await page.goto(servers.shop.url + APPROACHES[approach].page + '?coi=1');
    if (approach === 'plausible') await page.waitForFunction(() => typeof window.plausible === 'function');
    else await whenReady(page);
    return page.evaluate(
      ([props, BATCHES, LOOP, plausible]) => {
        const BATCH = 100,
          WARMUP = 500;
        const track = plausible
          ? (name, p) => window.plausible(name, { props: { orderId: p.orderId, amount: String(p.amount) } })
          : (name, p) => window.richpanel.track(name, p);
        for (let i = 0; i < WARMUP; i++) track('order', props);
        // the loop right after the warm-up, as the anchors' harness times it: on a page holding
        // 500 queued events, not the 10,500 the batches below leave (the garbage collector copies
        // what is queued, so a loop timed after them measured mostly that)
        const t = performance.now();
        for (let i = 0; i < LOOP; i++) track('order', props);
        const loopMs = performance.now() - t;
        const perCall = [];
        for (let b = 0; b < BATCHES; b++) {
          const t = performance.now();
          for (let i = 0; i < BATCH; i++) track('order', props);
          perCall.push(((performance.now() - t) * 1000) / BATCH);
        }
        perCall.sort((x, y) => x - y);
        return {
          us: perCall[BATCHES >> 1],
          p90: perCall[Math.floor(BATCHES * 0.9)],
          calls: BATCH * BATCHES,
          loopMs,
          isolated: self.crossOriginIsolated,
        };
      },
      [ORDER, batches, LOOP_CALLS, approach === 'plausible'],
    );
  });
}

async function mainThreadSeconds(cdp) {
  const { metrics } = await cdp.send('Performance.getMetrics');
  return metrics.find((m) => m.name === 'TaskDuration')?.value ?? NaN;
}

/**
 * Requests and bytes on the wire to deliver 100 storefront events (sessionEvents: page views,
 * products, cart, one order per 20), left to the SDK's own timing (no flush()). Bytes are what the
 * browser sent: request line, headers and body of every POST and CORS preflight. Also the renderer
 * main-thread time per event over the whole run (tracking, batching, encoding, sending).
 */
export function wire100(browser, servers, approach) {
  return withPage(browser, async (page, context) => {
    const { collector } = servers;
    await page.goto(servers.shop.url + APPROACHES[approach].page);
    await whenReady(page);
    await sleep(200);
    collector.reset();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    const before = await mainThreadSeconds(cdp);
    const events = sessionEvents('w', 100);
    const t0 = Date.now();
    await page.evaluate((list) => {
      for (const [name, props] of list) window.richpanel.track(name, props);
    }, events);
    const ns = events.map(([, p]) => p.n);
    const done = await waitFor(() => tally(collector, ns).delivered === 100, WIRE_TIMEOUT_MS);
    const deliveredMs = Date.now() - t0;
    await sleep(300);
    const after = await mainThreadSeconds(cdp);
    const t = tally(collector, ns);
    return {
      delivered: t.delivered,
      complete: done,
      deliveredMs,
      posts: collector.records.length,
      preflights: collector.preflights.length,
      requests: collector.records.length + collector.preflights.length,
      wireBytes:
        collector.records.reduce((s, r) => s + r.wireBytes, 0) +
        collector.preflights.reduce((s, r) => s + r.wireBytes, 0),
      bodyBytes: collector.records.reduce((s, r) => s + r.bodyBytes, 0),
      mainThreadUsPerEvent: ((after - before) * 1e6) / 100,
    };
  });
}

/**
 * How many `order` events are queued to measure what each one holds in the heap: few enough that
 * the stored backlog's caps (1,000 events, 1 MB of JSON: about 400 of these orders) keep them all.
 */
export const HEAP_EVENTS = 300;

/**
 * JS heap each queued `order` event holds (cartbeacon only: the documented approach keeps nothing).
 * The page is offline, so nothing is sent and every event stays queued; the heap is read after a
 * full garbage collection (Chrome DevTools Protocol) before and after tracking. An event that holds
 * more memory costs the page garbage-collection time while it waits (the 1,000-call loop shows it).
 */
export function queuedHeap(browser, servers) {
  return withPage(browser, async (page, context) => {
    await page.goto(servers.shop.url + APPROACHES.cartbeacon.page);
    await whenReady(page);
    await page.evaluate(() => window.richpanel.track('warm_up'));
    await context.setOffline(true);
    await sleep(200);
    const cdp = await context.newCDPSession(page);
    const used = async () => {
      await cdp.send('HeapProfiler.collectGarbage');
      return (await cdp.send('Runtime.getHeapUsage')).usedSize;
    };
    const before = await used();
    await page.evaluate(
      ([props, n]) => {
        for (let i = 0; i < n; i++) window.richpanel.track('order', props);
      },
      [ORDER, HEAP_EVENTS],
    );
    await sleep(200);
    return ((await used()) - before) / HEAP_EVENTS;
  });
}

/** Events delivered out of 20 tracked in one task right before the page navigates away. */
export function leave20(browser, servers, approach) {
  return withPage(browser, async (page) => {
    const { collector } = servers;
    await page.goto(servers.shop.url + APPROACHES[approach].page);
    await whenReady(page);
    await sleep(200);
    collector.reset();
    const events = sessionEvents('l', 20);
    await page.evaluate((list) => {
      for (const [name, props] of list) window.richpanel.track(name, props);
      setTimeout(() => {
        location.href = '/plain.html';
      }, 0);
    }, events);
    await page.waitForURL('**/plain.html');
    const ns = events.map(([, p]) => p.n);
    await waitFor(() => tally(collector, ns).delivered === 20, 3_000);
    await sleep(500);
    const t = tally(collector, ns);
    return {
      delivered: t.delivered,
      duplicated: t.duplicated,
      beacons: collector.records.filter((r) => r.contentType.startsWith('text/plain')).length,
    };
  });
}

/** Does an event with non-Latin-1 text get through? (The docs' btoa(JSON.stringify(...)) throws.) */
export function unicodeEvent(browser, servers, approach) {
  return withPage(browser, async (page) => {
    const { collector } = servers;
    await page.goto(servers.shop.url + APPROACHES[approach].page);
    await whenReady(page);
    collector.reset();
    const thrown = await page.evaluate(() => {
      try {
        window.richpanel.track('search', { n: 'u-0', q: 'Łódź 李 🙂' });
        return null;
      } catch (e) {
        return String(e?.name);
      }
    });
    await waitFor(() => tally(collector, ['u-0']).delivered === 1, 2_500);
    return { delivered: tally(collector, ['u-0']).delivered === 1, thrown };
  });
}

/** Runs `measure` `runs` times per approach, rotating the order; returns the values per approach. */
async function alternate(runs, measure, approaches = ['cartbeacon', 'documented']) {
  const out = Object.fromEntries(approaches.map((a) => [a, []]));
  for (let i = 0; i < runs; i++) {
    for (let k = 0; k < approaches.length; k++) {
      const approach = approaches[(i + k) % approaches.length];
      out[approach].push(await measure(approach));
    }
  }
  return out;
}

// track: 7 pages each, because one page's median moves by ±20% from the next (JIT and GC timing differ per page)
// load: 25 pages each, because 15 left the medians moving by more than the gaps between scripts
export const RUNS = { load: 25, track: 7, wire: 3, leave: 3, heap: 3 };

/** Every browser figure for both approaches. `log` gets one line per step. */
export async function browserFigures(browser, servers, log = () => {}) {
  const result = {};
  log('browser: load -> ready');
  const ALL = ['cartbeacon', 'documented', 'plausible'];
  const load = await alternate(RUNS.load, (a) => loadToReady(browser, servers, a), ALL);
  log('browser: track() cost');
  const track = await alternate(RUNS.track, (a) => trackCost(browser, servers, a), ALL);
  log('browser: 100 events on the wire');
  const wire = await alternate(RUNS.wire, (a) => wire100(browser, servers, a));
  log('browser: 20 events before leaving');
  const leave = await alternate(RUNS.leave, (a) => leave20(browser, servers, a));
  log('browser: heap per queued event');
  const heap = await alternate(RUNS.heap, () => queuedHeap(browser, servers), ['cartbeacon']);
  const unicode = {
    cartbeacon: await unicodeEvent(browser, servers, 'cartbeacon'),
    documented: await unicodeEvent(browser, servers, 'documented'),
  };
  for (const a of ['cartbeacon', 'documented']) {
    const pick = (k) => median(wire[a].map((w) => w[k]));
    result[a] = {
      loadMs: median(load[a].map((l) => l.ms)),
      loadRunsMs: load[a].map((l) => l.ms),
      afterResponseMs: median(load[a].map((l) => l.afterMs)),
      trackUs: median(track[a].map((t) => t.us)),
      trackCalls: track[a][0].calls,
      trackP90Us: median(track[a].map((t) => t.p90)),
      loop1000Ms: median(track[a].map((t) => t.loopMs)),
      heapPerQueuedEventB: a === 'cartbeacon' ? median(heap.cartbeacon) : null,
      clockIsolated: track[a].every((t) => t.isolated),
      wire: {
        delivered: pick('delivered'),
        posts: pick('posts'),
        preflights: pick('preflights'),
        requests: pick('requests'),
        wireBytes: pick('wireBytes'),
        bodyBytes: pick('bodyBytes'),
        deliveredMs: pick('deliveredMs'),
        mainThreadUsPerEvent: pick('mainThreadUsPerEvent'),
        runs: wire[a],
      },
      leave: {
        delivered: median(leave[a].map((l) => l.delivered)),
        min: Math.min(...leave[a].map((l) => l.delivered)),
        runs: leave[a],
      },
      unicode: unicode[a],
    };
  }
  result.plausible = {
    loadMs: median(load.plausible.map((l) => l.ms)),
    loadRunsMs: load.plausible.map((l) => l.ms),
    afterResponseMs: median(load.plausible.map((l) => l.afterMs)),
    trackUs: median(track.plausible.map((t) => t.us)),
    loop1000Ms: median(track.plausible.map((t) => t.loopMs)),
  };
  return result;
}
