// Bench: the real-time relay's throughput, the folder outbox beside the relay on Redis with 4 worker
// processes, in one run, to the dev server (cartbeacon/testing's startCollector, its Richpanel
// collector: Richpanel has no rate limit, so the relay itself is measured, not a destination's pace;
// Rfmcube's 55 a minute would make both sides 0.9 changes/s). Not a timed test.
//
// Each side relays N orders (the documented order fixture, a distinct orderId each) with 16 calls in
// flight at once, as a web tier's concurrent webhooks make them:
// - folder: one process, `createRelay({ outbox })`: a call resolves once the change file is fsynced,
//   and the same process delivers (concurrency 4);
// - Redis: a web relay that only accepts (`deliver: false`, this process) and 4 worker processes
//   (`createRelay({ redis })`, concurrency 4 each) on one redis-server with AOF (appendfsync everysec,
//   Redis's default) and `maxmemory-policy noeviction`, as docs/relay.md recommends.
// "calls/s" is N over the time until the last call resolved; "changes/s" N over the time from the
// first call until the collector has stored every order (delivered, each once by eventId).
//
//   node bench/relay.mjs            2,000 orders each way
//   node bench/relay.mjs 10000
//   import { benchRelay } from './bench/relay.mjs'; await benchRelay({ changes: 2000 })  -> JSON
//
// Needs the build (dist/) and /usr/bin/redis-server (or REDIS_SERVER); Redis runs on a free port with
// its own temporary folder (--save ''), never the machine's service, and is stopped at the end.
import { fork, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SERVER = new URL('../dist/server.mjs', import.meta.url);
const TESTING = new URL('../dist/testing.mjs', import.meta.url);
const ORDER = JSON.parse(readFileSync(new URL('../test/fixtures/order-properties.json', import.meta.url), 'utf8'));
const KEY = 'bench-key';
const SECRET = 'bench-secret';
export const RELAY_WORKERS = 4;
/** Calls in flight at once on the accepting side. */
const CALLERS = 16;
const REDIS_SERVER = process.env.REDIS_SERVER ?? '/usr/bin/redis-server';

const order = (i) => ({ ...ORDER, orderId: `relay-bench-${i}`, createdAt: 1_700_000_000_000 + i * 1000 });

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function startRedis(dir) {
  const port = await freePort();
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--dir', dir, '--logfile', ''];
  args.push('--appendonly', 'yes', '--appendfsync', 'everysec', '--maxmemory-policy', 'noeviction');
  const child = spawn(REDIS_SERVER, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  const orphan = () => child.kill('SIGKILL');
  process.once('exit', orphan);
  await new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      if (out.includes('Ready to accept connections')) resolve();
    });
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`redis-server exited with ${code}: ${out}`)));
  });
  child.stdout.resume();
  return {
    url: `redis://127.0.0.1:${port}`,
    stop: () =>
      new Promise((resolve) => {
        process.off('exit', orphan);
        if (child.exitCode !== null) return resolve();
        child.once('exit', resolve);
        child.kill();
      }),
  };
}

/** Makes `n` calls, `CALLERS` at a time; resolves when the last one has. */
async function callAll(relay, n) {
  let next = 1;
  const caller = async () => {
    while (next <= n) await relay.order(order(next++));
  };
  await Promise.all(Array.from({ length: CALLERS }, caller));
}

/** Resolves when the collector has stored `count` order events. */
async function delivered(dev, count) {
  while (dev.events.filter((e) => e.name === 'order').length < count) await new Promise((r) => setTimeout(r, 20));
}

const richpanelAt = (dev) => ({ apiKey: KEY, secret: SECRET, host: dev.url });

async function folderRun(dev, n, createRelay) {
  const dir = mkdtempSync(join(tmpdir(), 'cartbeacon-bench-outbox-'));
  const relay = createRelay({ richpanel: richpanelAt(dev), outbox: join(dir, 'outbox') });
  try {
    const started = performance.now();
    await callAll(relay, n);
    const acceptedMs = performance.now() - started;
    await relay.flush();
    await delivered(dev, n);
    const ms = performance.now() - started;
    return { acceptedPerSecond: (n * 1000) / acceptedMs, changesPerSecond: (n * 1000) / ms, processes: 1 };
  } finally {
    await relay.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** One worker process: `node bench/relay.mjs --worker '<relay options>'`; reports what it delivered when told to stop. */
async function worker(options) {
  const { createRelay } = await import(SERVER.href);
  let sent = 0;
  const relay = createRelay({ ...options, onDelivery: (r) => r.result.status === 'sent' && sent++ });
  process.send({ ready: true });
  process.once('message', async () => {
    await relay.close();
    process.send({ sent }, () => process.exit(0));
  });
  process.once('disconnect', () => process.exit(1));
}

async function redisRun(dev, n, createRelay) {
  const dir = mkdtempSync(join(tmpdir(), 'cartbeacon-bench-redis-'));
  const redis = await startRedis(dir);
  const options = { richpanel: richpanelAt(dev), redis: redis.url };
  const workers = Array.from({ length: RELAY_WORKERS }, () =>
    fork(fileURLToPath(import.meta.url), ['--worker', JSON.stringify(options)], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    }),
  );
  const web = createRelay({ ...options, deliver: false });
  try {
    await Promise.all(workers.map((w) => new Promise((r) => w.once('message', r))));
    // The web relay connected before the clock starts, as in a server that has been up a while.
    await web.flush(10_000);
    const started = performance.now();
    await callAll(web, n);
    const acceptedMs = performance.now() - started;
    await web.flush();
    await delivered(dev, n);
    const ms = performance.now() - started;
    const stopped = (w) =>
      new Promise((resolve) => {
        w.once('message', (m) => resolve(m.sent));
        w.send('stop');
      });
    const sent = await Promise.all(workers.map(stopped));
    return {
      acceptedPerSecond: (n * 1000) / acceptedMs,
      changesPerSecond: (n * 1000) / ms,
      processes: RELAY_WORKERS,
      sentPerWorker: sent,
    };
  } finally {
    await web.close();
    for (const w of workers) if (w.exitCode === null) w.kill('SIGKILL');
    await redis.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function benchRelay({ changes = 2_000 } = {}) {
  const { createRelay } = await import(SERVER.href);
  const { startCollector } = await import(TESTING.href);
  const out = { changes, callers: CALLERS };
  for (const [name, run] of [
    ['folder', folderRun],
    ['redis', redisRun],
  ]) {
    const dev = await startCollector({ apiKey: KEY, secret: SECRET });
    try {
      out[name] = await run(dev, changes, createRelay);
    } finally {
      await dev.close();
    }
  }
  return out;
}

/** The Markdown rows `npm run bench` and this script print. */
export function relayTable(result) {
  if (!result || result.error) return `relay: not measured${result?.error ? ` (${result.error})` : ''}`;
  const fmt = (x) => Math.round(x).toLocaleString('en-US');
  const row = (name, r) => `| ${name} | ${fmt(r.acceptedPerSecond)} | ${fmt(r.changesPerSecond)} |`;
  return [
    `| real-time relay, ${result.changes.toLocaleString('en-US')} orders to the dev server's Richpanel collector (${result.callers} calls in flight) | calls/s (accepted) | changes/s (delivered) |`,
    '|---|---:|---:|',
    row('folder outbox (one process)', result.folder),
    row(`Redis (a web relay that only accepts, ${RELAY_WORKERS} worker processes)`, result.redis),
  ].join('\n');
}

if (process.argv[2] === '--worker') await worker(JSON.parse(process.argv[3]));
else if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const changes = Number(process.argv[2] ?? 2_000);
  const result = await benchRelay({ changes });
  console.log(relayTable(result));
  console.log(`\nsent per worker: ${result.redis.sentPerWorker.join(', ')}`);
}
