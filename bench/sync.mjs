// Bench: `cartbeacon sync` throughput and memory. Sends N generated orders (the documented order
// fixture, ~2.3 KB each) from a JSON-lines file to a local collector with the built syncHistory
// (dist/server.mjs) with a checkpoint and a rejects file as the CLI uses them, and reports orders/s and the sync process's peak RSS. Not a timed test.
//
//   node bench/sync.mjs                 100,000 orders (and 10,000 to show memory stays flat)
//   node bench/sync.mjs 1000000         any list of order counts
//   node bench/sync.mjs --to esputnik   the same to the eSputnik emulator (or --to rfmcube)
//   import { benchSync } from './bench/sync.mjs'; await benchSync({ counts: [100_000] })  -> JSON
//
// The sync runs in a child process so its peak RSS is its own; the collector runs here. The
// collector decodes every hs, verifies every signature and de-duplicates by eventId, like a real one.
// For Rfmcube and eSputnik the collector is `cartbeacon/testing`'s startCollector (dist/testing.mjs)
// with their emulators, and the orders belong to ORDERS_PER_CUSTOMER-order customers eSputnik does not
// know yet (its contacts are imported first). eSputnik runs at its own pace (90% of its documented
// limits) with the emulator's imports FINISHED at the first question; Rfmcube's 55 a minute would make
// 100,000 orders take more than 7 minutes of waiting, so its minute is scaled to a second (the
// emulator's window too) and its polls come every 20 ms: its row measures cartbeacon, not the wait.
import { fork } from 'node:child_process';
import { createWriteStream, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const SERVER = new URL('../dist/server.mjs', import.meta.url);
const TESTING = new URL('../dist/testing.mjs', import.meta.url);
const ORDERS_PER_CUSTOMER = 5;
const ORDER = JSON.parse(readFileSync(new URL('../test/fixtures/order-properties.json', import.meta.url), 'utf8'));
const KEY = 'bench-key';
const SECRET = 'bench-secret';

/** The i-th order; to the emulators, of customer i mod (count / ORDERS_PER_CUSTOMER). */
function orderAt(i, count, destination) {
  const order = { ...ORDER, orderId: `bench-${i}`, createdAt: 1_700_000_000_000 + i * 1000 };
  if (destination === 'richpanel') return order;
  const n = i % Math.max(1, Math.ceil(count / ORDERS_PER_CUSTOMER));
  const email = `shopper${n}@example.com`;
  return { ...order, customerId: `c${n}`, email, billingEmail: email, shippingEmail: email };
}

async function writeOrders(file, count, destination) {
  const out = createWriteStream(file);
  for (let i = 1; i <= count; i++) {
    const line = `${JSON.stringify(orderAt(i, count, destination))}\n`;
    if (!out.write(line)) await new Promise((r) => out.once('drain', r));
  }
  await new Promise((r) => out.end(r));
}

async function startCollector() {
  const { decodeHs, verifyHsSignature } = await import(SERVER.href);
  const seen = new Set();
  const stats = { requests: 0, events: 0, duplicates: 0, badSignatures: 0 };
  const server = createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      stats.requests++;
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      if (!verifyHsSignature(body.hs, body.s, SECRET)) {
        stats.badSignatures++;
        res.writeHead(401, { 'content-type': 'application/json' }).end('{"error":"bad signature"}');
        return;
      }
      let duplicates = 0;
      for (const e of decodeHs(body.hs).events) {
        if (seen.has(e.eventId)) duplicates++;
        else seen.add(e.eventId);
      }
      stats.events += seen.size - stats.events;
      stats.duplicates += duplicates;
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ status: 'ok', duplicates }));
    });
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return { host: `http://127.0.0.1:${server.address().port}`, stats, close: () => new Promise((r) => server.close(r)) };
}

/** The dev server with the emulators, counting each one's requests and what it holds. */
async function startEmulators(destination) {
  const { startCollector } = await import(TESTING.href);
  const c = await startCollector({
    rfmcube: { apiKey: KEY, pollsToComplete: 1, maxRequests: 60, windowMs: 1_000 },
    esputnik: { apiKey: KEY, pollsToFinish: 1 },
  });
  const emulator = destination === 'rfmcube' ? c.rfmcube : c.esputnik;
  const stats = {
    get requests() {
      return emulator.requests.length;
    },
    get events() {
      if (destination === 'rfmcube') return [...c.rfmcube.customers.values()].reduce((n, cu) => n + cu.orders.size, 0);
      return c.esputnik.orders.size;
    },
    badSignatures: 0,
    /** What eSputnik answered 200 to and dropped (an order of a contact it did not have). */
    get ignored() {
      return destination === 'esputnik' ? c.esputnik.ignored.length : 0;
    },
  };
  return { host: c.url, stats, close: () => c.close() };
}

/** The destination's options of syncHistory, as the CLI would build them for the dev server. */
function destinationOptions(destination, host) {
  if (destination === 'rfmcube')
    return {
      destination,
      rfmcube: { apiKey: KEY, baseUrl: `${host}/rfmcube/v1`, pollIntervalMs: 20 },
      rateWindowMs: 1_000,
    };
  if (destination === 'esputnik') return { destination, esputnik: { apiKey: KEY, baseUrl: `${host}/esputnik` } };
  return { apiKey: KEY, secret: SECRET, host };
}

/** Child side: one sync, then its summary and peak RSS (KB, from getrusage) to the parent. */
async function child([file, host, concurrency, destination]) {
  const { syncHistory } = await import(SERVER.href);
  // As the CLI runs it: a checkpoint rewritten on every acknowledged batch, and a rejects file.
  const summary = await syncHistory(file, {
    ...destinationOptions(destination, host),
    concurrency: Number(concurrency),
    checkpoint: `${file}.checkpoint.json`,
    rejects: `${file}.rejects.jsonl`,
  });
  process.send({ summary, peakRssKb: process.resourceUsage().maxRSS });
}

function runChild(file, host, concurrency, destination) {
  return new Promise((resolve, reject) => {
    const args = ['--child', file, host, String(concurrency), destination];
    const p = fork(fileURLToPath(import.meta.url), args, { stdio: 'inherit' });
    let result;
    p.on('message', (m) => {
      result = m;
    });
    p.on('error', reject);
    p.on('exit', (code) => (result ? resolve(result) : reject(new Error(`sync child exited with ${code}`))));
  });
}

/** Runs the bench for each order count to `destination` (richpanel, rfmcube, esputnik); one row per count. */
export async function benchSync({ counts = [10_000, 100_000], concurrency = 4, destination = 'richpanel' } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'cartbeacon-bench-'));
  const rows = [];
  try {
    for (const orders of counts) {
      const file = join(dir, `orders-${orders}.jsonl`);
      await writeOrders(file, orders, destination);
      const collector = destination === 'richpanel' ? await startCollector() : await startEmulators(destination);
      try {
        const { summary, peakRssKb } = await runChild(file, collector.host, concurrency, destination);
        if (
          summary.sent !== orders ||
          collector.stats.events !== orders ||
          collector.stats.badSignatures ||
          collector.stats.ignored
        ) {
          throw new Error(`bench run lost data: ${JSON.stringify({ summary, collector: collector.stats })}`);
        }
        rows.push({
          destination,
          orders,
          ...(destination === 'richpanel' ? {} : { customers: Math.ceil(orders / ORDERS_PER_CUSTOMER) }),
          fileMB: +(statSync(file).size / 1e6).toFixed(1),
          concurrency,
          seconds: +(summary.durationMs / 1000).toFixed(2),
          ordersPerSecond: Math.round(orders / (summary.durationMs / 1000)),
          requests: collector.stats.requests,
          peakRssMB: +(peakRssKb / 1024).toFixed(1),
        });
      } finally {
        await collector.close();
        rmSync(file, { force: true });
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return { node: process.version, rows };
}

function printTable({ node, rows }) {
  const head = ['to', 'orders', 'file MB', 'concurrency', 'seconds', 'orders/s', 'requests', 'peak RSS MB'];
  const body = rows.map((r) =>
    [r.destination, r.orders, r.fileMB, r.concurrency, r.seconds, r.ordersPerSecond, r.requests, r.peakRssMB].map((v) =>
      v.toLocaleString('en-US'),
    ),
  );
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells) => `| ${cells.map((c, i) => c.padStart(widths[i])).join(' | ')} |`;
  console.log(`cartbeacon sync bench (Node ${node}, local collector or emulator on 127.0.0.1)\n`);
  console.log([line(head), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...body.map(line)].join('\n'));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  if (process.argv[2] === '--child') {
    await child(process.argv.slice(3));
  } else {
    const args = process.argv.slice(2);
    const to = args.indexOf('--to');
    const destination = to >= 0 ? args.splice(to, 2)[1] : 'richpanel';
    if (!['richpanel', 'rfmcube', 'esputnik'].includes(destination))
      throw new Error(`--to is richpanel, rfmcube or esputnik (got ${destination})`);
    const counts = args.map(Number).filter((n) => n > 0);
    const result = await benchSync({ ...(counts.length ? { counts } : {}), destination });
    printTable(result);
    console.log(`\n${JSON.stringify(result)}`);
  }
}
