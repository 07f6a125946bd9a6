// `npm run bench`: cartbeacon's size, speed and delivery, each figure beside the documented
// approach measured in the same run (issue 6). Prints a Markdown table (it pastes into the README)
// and PASS / FAIL lines for the targets, writes bench/results.json, and exits 0 either way.
// Only 127.0.0.1, ports from listen(0). See bench/README.md for what each figure means.
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { ROOT } from './collector.mjs';
import { byteFigures } from './bytes.mjs';
import { HEAP_EVENTS, RUNS, browserFigures, startBenchServers } from './browser.mjs';
import { runScenarios, scenarioTable } from './scenarios.mjs';
import { proxyFigures, proxyTable } from './proxy.mjs';
import { benchRelay, relayTable } from './relay.mjs';
import { tokenFigures } from './server.mjs';
import { plausibleVersion } from './plausible.mjs';
import { build, launchChromium } from './lib.mjs';

const SYNC_ORDERS = 100_000;
const RELAY_ORDERS = 2_000;
const started = Date.now();
const log = (m) => console.error(`[${((Date.now() - started) / 1000).toFixed(0).padStart(3)} s] ${m}`);

/** Runs one part; a part that breaks is reported as not measured instead of ending the bench. */
async function part(name, fn) {
  log(name);
  try {
    return await fn();
  } catch (error) {
    log(`${name} failed: ${error.stack || error}`);
    return { error: String(error.message || error) };
  }
}

async function syncFigures(destination = 'richpanel') {
  let mod;
  try {
    mod = await import('./sync.mjs');
  } catch (error) {
    return { error: `bench/sync.mjs not available (${error.code || error.message})` };
  }
  const { rows } = await mod.benchSync({ counts: [SYNC_ORDERS], destination });
  return rows[0];
}

// ---------------------------------------------------------------------------------------------
const results = { date: new Date().toISOString(), command: 'npm run bench' };
const loadavg = () => os.loadavg().map((x) => +x.toFixed(1));
results.machine = {
  loadAverageAtStart: loadavg(),
  cores: os.cpus().length,
  cpu: os.cpus()[0]?.model?.trim(),
  memoryGB: +(os.totalmem() / 2 ** 30).toFixed(1),
  node: process.version,
  platform: `${os.platform()} ${os.release()}`,
};

log('build: npx rollup -c --silent');
results.build = await build(ROOT);
if (!results.build.ok) log(`build FAILED, measuring the dist/ that is there:\n${results.build.error}`);

results.bytes = await part('bytes', byteFigures);

const browser = await launchChromium();
results.machine.chromium = browser.version();
try {
  const servers = await startBenchServers();
  try {
    results.browser = await part('browser', () => browserFigures(browser, servers, log));
  } finally {
    await servers.close();
  }
  results.scenarios = await part('scenarios', () => runScenarios(browser, { log }));
  results.proxy = await part('proxy (bench/proxy.mjs)', () => proxyFigures(browser, log));
} finally {
  await browser.close();
}
results.tokens = await part('tokens', tokenFigures);
results.sync = await part(`sync: ${SYNC_ORDERS.toLocaleString('en-US')} orders (bench/sync.mjs)`, () => syncFigures());
results.syncRfmcube = await part(`sync: ${SYNC_ORDERS.toLocaleString('en-US')} orders to the Rfmcube emulator`, () =>
  syncFigures('rfmcube'),
);
results.syncEsputnik = await part(`sync: ${SYNC_ORDERS.toLocaleString('en-US')} orders to the eSputnik emulator`, () =>
  syncFigures('esputnik'),
);
results.relay = await part(
  `relay: ${RELAY_ORDERS.toLocaleString('en-US')} orders, folder outbox and Redis (bench/relay.mjs)`,
  () => benchRelay({ changes: RELAY_ORDERS }),
);
results.seconds = Math.round((Date.now() - started) / 1000);
results.machine.loadAverageAtEnd = loadavg();

// --- report ----------------------------------------------------------------------------------
const fmt = (n, digits = 0) =>
  n === null || n === undefined || Number.isNaN(n)
    ? '-'
    : Number(n).toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const ratio = (a, b) => (a && b ? `${(a / b).toFixed(a / b < 0.1 ? 3 : 2)}×` : '-');
const triple = (s) => (s ? `${fmt(s.raw)} / ${fmt(s.gzip)} / ${fmt(s.brotli)}` : 'not measured');

const out = [];
const { bytes = {}, browser: br = {}, tokens = {}, sync = {} } = results;
const cb = br.cartbeacon || {};
const doc = br.documented || {};
const m = results.machine;

out.push(
  `Measured ${results.date.slice(0, 10)} on ${m.cores} cores (${m.cpu}), Node ${m.node}, Chromium ${m.chromium}; \`npm run bench\` took ${results.seconds} s; 1-minute load average ${m.loadAverageAtStart[0]} at the start, ${m.loadAverageAtEnd[0]} at the end.`,
);
if (!results.build.ok) out.push('', '**The build failed: these figures are for the dist/ that was there.**');
out.push(
  '',
  'Ratios are cartbeacon ÷ the documented approach, measured in the same run (lower is better for costs).',
  '',
);

out.push('| bytes (raw / gzip / brotli) | cartbeacon | documented approach | ratio (gzip) |', '|---|---:|---:|---:|');
out.push(
  `| loader snippet | ${triple(bytes.snippet)} | ${triple(bytes.documentedSnippet)} | ${ratio(bytes.snippet?.gzip, bytes.documentedSnippet?.gzip)} |`,
);
out.push(`| core script (\`/v2/j/<KEY>\`) | ${triple(bytes.core)} | not public | - |`);
out.push(`| npm entry, \`createTracker\` + \`track\` tree-shaken (rollup + terser) | ${triple(bytes.npm)} | - | - |`);
out.push(
  `| module list + e-commerce module (loaded only with \`ecommerce\`) | ${triple(bytes.modules)} + ${triple(bytes.ecommerce)} | - | - |`,
);
out.push('');

const w = (a) => a.wire || {};
out.push('| browser (headless Chromium, medians) | cartbeacon | documented approach | ratio |', '|---|---:|---:|---:|');
out.push(
  `| \`richpanel.load()\` → core ready | ${fmt(cb.loadMs, 1)} ms | ${fmt(doc.loadMs, 1)} ms | ${ratio(cb.loadMs, doc.loadMs)} |`,
);
out.push(
  `| one \`track('order', …)\` call, main thread | ${fmt(cb.trackUs, 1)} µs | ${fmt(doc.trackUs, 1)} µs | ${ratio(cb.trackUs, doc.trackUs)} |`,
);
out.push(
  `| requests to deliver 100 events (POST + CORS preflight) | ${fmt(w(cb).posts)} + ${fmt(w(cb).preflights)} | ${fmt(w(doc).posts)} + ${fmt(w(doc).preflights)} | ${ratio(w(cb).requests, w(doc).requests)} |`,
);
out.push(
  `| bytes sent for 100 events (headers + bodies) | ${fmt(w(cb).wireBytes)} B | ${fmt(w(doc).wireBytes)} B | ${ratio(w(cb).wireBytes, w(doc).wireBytes)} |`,
);
out.push(`| of the 100 events, delivered within 10 s | ${fmt(w(cb).delivered)} | ${fmt(w(doc).delivered)} | - |`);
out.push(
  `| JS heap each queued \`order\` event holds (${fmt(HEAP_EVENTS)} queued offline, after GC) | ${fmt(cb.heapPerQueuedEventB)} B | - | - |`,
);
out.push(
  `| renderer main-thread time per event, whole run | ${fmt(w(cb).mainThreadUsPerEvent)} µs | ${fmt(w(doc).mainThreadUsPerEvent)} µs | ${ratio(w(cb).mainThreadUsPerEvent, w(doc).mainThreadUsPerEvent)} |`,
);
out.push(
  `| delivered of 20 tracked right before leaving the page (median; worst) | ${fmt(cb.leave?.delivered)} / 20; ${fmt(cb.leave?.min)} | ${fmt(doc.leave?.delivered)} / 20; ${fmt(doc.leave?.min)} | - |`,
);
const uni = (u) => (!u ? '-' : u.delivered ? 'delivered' : u.thrown ? `throws ${u.thrown}` : 'not delivered');
out.push(`| an event with \`Łódź 李 🙂\` in it | ${uni(cb.unicode)} | ${uni(doc.unicode)} | - |`);
out.push('');
const pl = br.plausible || {};
out.push(
  `| start-up and \`track()\` beside Plausible (medians, same run) | cartbeacon | documented approach | Plausible ${plausibleVersion()} (npm build of its script) |`,
  '|---|---:|---:|---:|',
  `| script injected → ready | ${fmt(cb.loadMs, 1)} ms | ${fmt(doc.loadMs, 1)} ms | ${fmt(pl.loadMs, 1)} ms |`,
  `| of which: last byte of the script received → ready (parse, compile, run) | ${fmt(cb.afterResponseMs, 1)} ms | ${fmt(doc.afterResponseMs, 1)} ms | ${fmt(pl.afterResponseMs, 1)} ms |`,
  `| one \`track('order', …)\` call | ${fmt(cb.trackUs, 1)} µs | ${fmt(doc.trackUs, 1)} µs | ${fmt(pl.trackUs, 1)} µs |`,
  `| 1,000 \`track('order', …)\` calls in a loop | ${fmt(cb.loop1000Ms, 1)} ms | ${fmt(doc.loop1000Ms, 1)} ms | ${fmt(pl.loop1000Ms, 1)} ms |`,
  '',
);
out.push(
  `_Start-up_: median of ${RUNS.load} fresh pages per script, the three alternating; each script is served the same way (\`<collector>/v2/j/<key>\`). _Last byte received → ready_: the script's Resource Timing \`responseEnd\` to the moment it is ready, which leaves out the request, what the network and the loader cost alike. _track()_: median per call over ${fmt(cb.trackCalls)} (cartbeacon) / ${fmt(doc.trackCalls)} (documented, one XHR each) calls with the documented \`order\` properties, timed in batches of 100 after 500 warm-up calls${cb.clockIsolated ? ' (5 µs clock: cross-origin isolated page)' : ''}. Median of 7 pages. _1,000 calls in a loop_: timed once right after the warm-up, on each page; the median of those pages. _100 events_: a storefront mix (page views, products, cart, one order per 20) left to the SDK's own timing; shop and collector on different origins, as in production. _Main-thread time_: the renderer's TaskDuration over the whole 100-event run (tracking, batching, encoding, sending, answers) ÷ 100.`,
);
out.push('');

out.push('Delivery scenarios (cartbeacon; faults injected by the bench collector):', '');
out.push(
  Array.isArray(results.scenarios) ? scenarioTable(results.scenarios) : `not measured: ${results.scenarios?.error}`,
);
out.push('');

out.push(proxyTable(results.proxy), '');
out.push(
  '_First-party proxy_: the shop page and `toNodeHandler(createProxy())` from `dist/proxy.mjs` on one origin, the bench collector as the upstream; every browser request to the upstream refused (Playwright routing). Latency from Node, keep-alive, the two paths alternating.',
  '',
);

out.push('| server (Node) | cartbeacon | documented reference | ratio |', '|---|---:|---:|---:|');
out.push(
  `| \`encryptUserData\` tokens/s | ${fmt(tokens.encrypt)} | ${fmt(tokens.encryptRef)} | ${ratio(tokens.encrypt, tokens.encryptRef)} |`,
);
out.push(
  `| \`verifyUserToken\` tokens/s | ${fmt(tokens.verify)} | ${fmt(tokens.verifyRef)} | ${ratio(tokens.verify, tokens.verifyRef)} |`,
);
const syncCell = (row = {}, requests = false) =>
  row.ordersPerSecond
    ? `${fmt(row.ordersPerSecond)} orders/s${requests ? `, ${fmt(row.requests)} requests` : ''}, peak RSS ${fmt(row.peakRssMB, 1)} MB`
    : `not measured${row.error ? ` (${row.error})` : ''}`;
out.push(`| \`syncHistory\`, ${fmt(SYNC_ORDERS)} orders to a local collector | ${syncCell(sync)} | - | - |`);
out.push(
  `| \`syncHistory\`, ${fmt(SYNC_ORDERS)} orders to the Rfmcube emulator (its minute scaled to a second) | ${syncCell(results.syncRfmcube, true)} | - | - |`,
);
out.push(
  `| \`syncHistory\`, ${fmt(SYNC_ORDERS)} orders of ${fmt(SYNC_ORDERS / 5)} new contacts to the eSputnik emulator, at eSputnik's pace | ${syncCell(results.syncEsputnik, true)} | - | - |`,
);
out.push('');
out.push(
  "_Reference_: the Node code from Richpanel's docs (key computed once, no checks); `verifyUserToken` also checks the token's shape and size, the claims and, when present, the HMAC `sig`, and answers every bad token the same way.",
);

out.push('', relayTable(results.relay));
if (results.relay?.redis)
  out.push(
    '',
    `_Real-time relay_: each side takes the orders with ${results.relay.callers} calls in flight; the folder outbox fsyncs each change and delivers from the same process, the relay on Redis accepts in a web relay with \`deliver: false\` and delivers from ${results.relay.redis.processes} worker processes (AOF, appendfsync everysec). _changes/s_: from the first call until the collector stored every order.`,
  );

// --- targets ---------------------------------------------------------------------------------
const target = (pass, text) => ({ pass, line: `${pass === null ? 'N/A ' : pass ? 'PASS' : 'FAIL'} ${text}` });
const scen = Array.isArray(results.scenarios) ? results.scenarios : null;
const lostIn = scen ? scen.filter((s) => s.error || s.lost > 0) : null;
const targets = [
  target(bytes.snippet ? bytes.snippet.raw <= 600 : null, `snippet ≤ 600 B: ${fmt(bytes.snippet?.raw)} B`),
  // the base core's budget of issue 26 (scripts/size.mjs checks what is reached; the README says why it is not 5,400)
  target(bytes.core ? bytes.core.gzip <= 5400 : null, `core ≤ 5,400 B gzip: ${fmt(bytes.core?.gzip)} B`),
  target(cb.trackUs != null ? cb.trackUs <= 10 : null, `track() ≤ 10 µs median: ${fmt(cb.trackUs, 1)} µs`),
  target(
    cb.loadMs != null && pl.loadMs != null ? cb.loadMs <= pl.loadMs : null,
    `ready no later than Plausible: ${fmt(cb.loadMs, 1)} ms vs ${fmt(pl.loadMs, 1)} ms`,
  ),
  target(
    cb.loop1000Ms != null && pl.loop1000Ms != null
      ? cb.loop1000Ms < Math.min(pl.loop1000Ms, doc.loop1000Ms ?? Infinity)
      : null,
    `1,000 track() calls ahead of every anchor: ${fmt(cb.loop1000Ms, 1)} ms (Plausible ${fmt(pl.loop1000Ms, 1)} ms, documented ${fmt(doc.loop1000Ms, 1)} ms)`,
  ),
  target(
    cb.wire ? cb.wire.posts <= 4 && cb.wire.delivered === 100 : null,
    `100 events in ≤ 4 requests: ${fmt(w(cb).posts)} POSTs (+${fmt(w(cb).preflights)} CORS preflight), ${fmt(w(cb).delivered)}/100 delivered`,
  ),
  target(
    cb.leave ? cb.leave.min === 20 : null,
    `20/20 delivered on leave: ${fmt(cb.leave?.min)}/20 in the worst of ${cb.leave?.runs?.length ?? 0} runs`,
  ),
  target(
    scen ? lostIn.length === 0 : null,
    `0 lost in every scenario: ${scen ? (lostIn.length ? lostIn.map((s) => `${s.name}: ${s.error ? 'error' : `${s.lost} lost`}`).join('; ') : `0 lost in ${scen.length} scenarios`) : 'not measured'}`,
  ),
  target(
    results.proxy?.proxy ? results.proxy.proxy.delivered === results.proxy.events : null,
    `first-party proxy delivers every event past a blocker: ${results.proxy?.proxy ? `${results.proxy.proxy.delivered}/${results.proxy.events} through the proxy, ${results.proxy.direct.delivered}/${results.proxy.events} direct` : 'not measured'}`,
  ),
  target(
    sync.ordersPerSecond ? sync.ordersPerSecond >= 5000 && sync.peakRssMB <= 200 : null,
    `sync ≥ 5,000 orders/s with peak RSS ≤ 200 MB: ${sync.ordersPerSecond ? `${fmt(sync.ordersPerSecond)} orders/s, ${fmt(sync.peakRssMB, 1)} MB` : 'not measured'}`,
  ),
];
results.targets = targets;
out.push('', '```', ...targets.map((t) => t.line), '```');

const text = out.join('\n');
results.markdown = text;
writeFileSync(join(ROOT, 'bench', 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
console.log(text);
log(`done; wrote bench/results.json`);
process.exitCode = 0;
