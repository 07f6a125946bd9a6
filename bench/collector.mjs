// The bench's own minimal collector and "shop" server, in plain Node (the real collector is
// TypeScript bundled into dist/cli.mjs without an export, so the bench cannot import it).
//
// Independent on purpose: it counts what the SDK put on the wire without sharing code with it.
// - Collector (its own 127.0.0.1 port, i.e. a different origin from the shop, as in production):
//   POST /v2/bt  {"hs": b64}  (fetch application/json or beacon text/plain)
//   POST /v2/t, /v3/t  {"h": b64}  (the documented one-event-per-XHR body)
//   OPTIONS *    CORS preflight
//   GET /v2/j/<key>  the core script for that key (cartbeacon's dist/richpanel.min.js, or the
//                    documented stand-in), with __COLLECTOR__ replaced by its own origin.
//   Every ingest request is recorded (wire bytes, status, event ids); events are deduplicated by
//   eventId; faults (status, Retry-After, latency, dropped socket) can be injected per request;
//   down() closes the port (connection refused), up() reopens the same port.
// - Shop: serves bench/pages and bench/documented (with __COLLECTOR__ replaced) and dist/ as is.
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
};

function listen(server, port = 0) {
  return new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', fail);
      ok(server.address().port);
    });
  });
}

function trackSockets(server) {
  const sockets = new Set();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  return sockets;
}

/** Bytes of the request as sent: request line, headers, blank line, body (plain HTTP/1.1, no TLS). */
function wireBytes(req, bodyBytes) {
  let n = Buffer.byteLength(`${req.method} ${req.url} HTTP/${req.httpVersion}\r\n`) + 2;
  for (let i = 0; i < req.rawHeaders.length; i += 2)
    n += Buffer.byteLength(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}\r\n`);
  return n + bodyBytes;
}

function readBody(req) {
  return new Promise((ok, fail) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => ok(Buffer.concat(chunks)));
    req.on('error', fail);
  });
}

/** base64 -> JSON. UTF-8 first (the wire format); Latin-1 for `btoa(JSON.stringify(x))` bodies. */
function decodeB64Json(b64) {
  const bytes = Buffer.from(b64, 'base64');
  const utf8 = bytes.toString('utf8');
  return JSON.parse(utf8.includes('\uFFFD') ? bytes.toString('latin1') : utf8);
}

/** The events a body carries, or throws (-> 400). */
function decode(path, text) {
  const body = JSON.parse(text);
  if (path === '/v2/bt') {
    const payload = decodeB64Json(body.hs);
    if (!Array.isArray(payload.events)) throw new Error('no events');
    return payload.events;
  }
  return [decodeB64Json(body.h)];
}

function cors(req, res) {
  if (req.headers.origin) {
    res.setHeader('Access-Control-Allow-Origin', req.headers.origin);
    res.setHeader('Access-Control-Allow-Credentials', 'true');
    res.setHeader('Access-Control-Expose-Headers', 'Retry-After');
    res.setHeader('Vary', 'Origin');
  }
}

/**
 * Starts the collector. `cores` maps an API key to the core script file served at /v2/j/<key>.
 * `faults` is a fault object or `(n, info) => fault | undefined` (n: 1-based count of ingest POSTs).
 */
export async function startCollector({ cores = {}, faults } = {}) {
  let fault = faults;
  let count = 0;
  const records = []; // ingest POSTs
  const preflights = [];
  const seen = new Map(); // eventId -> number of 2xx acceptances
  const accepted = []; // first accepted copy of each eventId, arrival order
  let url = '';

  const handle = async (req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
    if (req.method === 'OPTIONS') {
      const body = await readBody(req);
      preflights.push({ at: Date.now(), path, wireBytes: wireBytes(req, body.length) });
      cors(req, res);
      res.setHeader('Access-Control-Allow-Methods', 'POST, GET, OPTIONS');
      res.setHeader('Access-Control-Allow-Headers', req.headers['access-control-request-headers'] || 'Content-Type');
      res.setHeader('Access-Control-Max-Age', '7200');
      res.writeHead(204).end();
      return;
    }
    cors(req, res);
    const core = /^\/v2\/j\/([^/]+)$/.exec(path);
    if (core && req.method === 'GET') {
      const file = cores[decodeURIComponent(core[1])];
      if (!file) return res.writeHead(404).end();
      const text = (await readFile(file, 'utf8')).replaceAll('__COLLECTOR__', url);
      res.writeHead(200, { 'Content-Type': 'application/javascript; charset=utf-8', 'Cache-Control': 'no-store' });
      return res.end(text);
    }
    if (req.method !== 'POST' || !['/v2/bt', '/v2/t', '/v3/t'].includes(path)) return res.writeHead(404).end();

    const n = ++count;
    const body = await readBody(req);
    const contentType = String(req.headers['content-type'] || '');
    const rec = {
      n,
      at: Date.now(),
      path,
      contentType,
      status: 0,
      wireBytes: wireBytes(req, body.length),
      bodyBytes: body.length,
      events: [],
      accepted: 0,
      duplicates: 0,
    };
    records.push(rec);
    try {
      rec.events = decode(path, body.toString('utf8')).map((e) => ({
        id: e.eventId,
        name: e.event,
        n: e.properties?.n,
      }));
    } catch {
      rec.status = 400;
      res.writeHead(400, { 'Content-Type': 'application/json' }).end('{"error":"bad body"}');
      return;
    }
    const f = typeof fault === 'function' ? fault(n, rec) : fault;
    if (f?.latencyMs) await new Promise((r) => setTimeout(r, f.latencyMs));
    if (f?.drop) {
      res.destroy();
      return;
    }
    if (f?.status) {
      rec.status = f.status;
      const headers = { 'Content-Type': 'application/json' };
      if (f.retryAfter !== undefined) headers['Retry-After'] = String(f.retryAfter);
      res.writeHead(f.status, headers).end(`{"error":"injected ${f.status}"}`);
      return;
    }
    rec.status = 200;
    for (const e of rec.events) {
      // Events without an eventId (the documented approach) cannot be deduplicated: each copy counts.
      const key = e.id || `no-id:${n}:${rec.accepted + rec.duplicates}`;
      const times = seen.get(key) || 0;
      seen.set(key, times + 1);
      if (times) rec.duplicates++;
      else {
        rec.accepted++;
        accepted.push({ ...e, at: rec.at });
      }
    }
    res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
    res.end(JSON.stringify({ status: 'ok', accepted: rec.accepted, duplicates: rec.duplicates }));
  };

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500).end();
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 5_000;
  const sockets = trackSockets(server);
  const port = await listen(server);
  url = `http://127.0.0.1:${port}`;
  let isUp = true;

  const closeServer = () =>
    new Promise((ok) => {
      server.close(() => ok());
      for (const s of sockets) s.destroy();
    });

  return {
    url,
    port,
    records,
    preflights,
    accepted,
    /** Ingest POST count so far (faulted ones included). */
    get count() {
      return count;
    },
    setFaults(next) {
      fault = next;
    },
    /** Forgets every record and accepted event. */
    reset() {
      records.length = 0;
      preflights.length = 0;
      accepted.length = 0;
      seen.clear();
      count = 0;
      fault = undefined;
    },
    /** Closes the port: the browser gets "connection refused". */
    async down() {
      if (!isUp) return;
      isUp = false;
      await closeServer();
    },
    /** Reopens the same port. */
    async up() {
      if (isUp) return;
      await listen(server, port);
      isUp = true;
    },
    async close() {
      if (isUp) await closeServer();
      isUp = false;
    },
  };
}

/**
 * The storefront origin: bench/pages at /, bench/documented at /doc/, dist/ at /dist/. `__COLLECTOR__`
 * in pages and documented files becomes the collector's origin. `?coi=1` pages are cross-origin
 * isolated (COOP + COEP), so performance.now() has 5 µs instead of 100 µs resolution.
 */
export async function startShop({ collectorUrl }) {
  const mounts = [
    ['/dist/', join(ROOT, 'dist'), false],
    ['/doc/', join(ROOT, 'bench', 'documented'), true],
    ['/', join(ROOT, 'bench', 'pages'), true],
  ];
  const server = createServer(async (req, res) => {
    const u = new URL(req.url, 'http://x');
    for (const [prefix, dir, template] of mounts) {
      if (!u.pathname.startsWith(prefix)) continue;
      const file = resolve(join(dir, u.pathname.slice(prefix.length) || 'index.html'));
      if (!file.startsWith(dir + sep)) break;
      try {
        let content = await readFile(file);
        // The documented snippet hard-codes Richpanel's API origin: point it at the local collector.
        if (template)
          content = content
            .toString('utf8')
            .replaceAll('__COLLECTOR__', collectorUrl)
            .replaceAll('https://api.richpanel.com', collectorUrl);
        const headers = {
          'Content-Type': TYPES[extname(file)] || 'application/octet-stream',
          'Cache-Control': 'no-store',
        };
        if (u.searchParams.get('coi') === '1') {
          headers['Cross-Origin-Opener-Policy'] = 'same-origin';
          headers['Cross-Origin-Embedder-Policy'] = 'require-corp';
        }
        res.writeHead(200, headers).end(content);
        return;
      } catch {
        break;
      }
    }
    res.writeHead(404).end();
  });
  const sockets = trackSockets(server);
  const port = await listen(server);
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((ok) => {
        server.close(() => ok());
        for (const s of sockets) s.destroy();
      }),
  };
}

/**
 * Delivery figures for the events tracked with property `n` in `tracked` (the page numbers its
 * events so that events the collector never saw are counted as lost, whatever their eventId).
 */
export function tally(collector, tracked) {
  const want = new Set(tracked);
  const ok = collector.records.filter((r) => r.status >= 200 && r.status < 300);
  const delivered = new Set();
  const idsByN = new Map();
  let copies2xx = 0;
  let afterBeacon = 0;
  const firstVia = new Map();
  for (const r of ok) {
    for (const e of r.events) {
      if (!want.has(e.n)) continue;
      delivered.add(e.n);
      if (!idsByN.has(e.n)) idsByN.set(e.n, new Set());
      idsByN.get(e.n).add(e.id);
      const key = e.id ?? `n:${e.n}`;
      if (firstVia.has(key)) {
        copies2xx++;
        if (firstVia.get(key).startsWith('text/plain')) afterBeacon++;
      } else firstVia.set(key, r.contentType);
    }
  }
  // The same tracked event under two different eventIds would be a duplicate no collector can drop.
  const splitIds = [...idsByN.values()].filter((s) => s.size > 1).length;
  const sends = collector.records.flatMap((r) => r.events.filter((e) => want.has(e.n)));
  return {
    tracked: want.size,
    delivered: delivered.size,
    lost: want.size - delivered.size,
    // extra 2xx copies of an event that had been accepted already (a collector without dedupe would store them twice)
    duplicated: copies2xx,
    // of which the first accepted copy went by beacon, whose answer the page never reads (uncertain delivery)
    duplicatedAfterBeacon: afterBeacon,
    // the same event under two eventIds (cannot be deduplicated)
    undedupable: splitIds,
    // extra sends of events in total (retries after failures included), whatever the answer
    resent: sends.length - new Set(sends.map((e) => e.id ?? e.n)).size,
    requests: collector.records.length,
    failedRequests: collector.records.filter((r) => !(r.status >= 200 && r.status < 300)).length,
  };
}
