// The bench's collector and "shop" server, in plain Node.
//
// - Collector: cartbeacon/testing's startCollector (dist/testing.mjs: the real dev collector, memory
//   only) does the collecting — decoding, deduplication by eventId, CORS, faults, answers — behind a
//   thin bench-only front on its own 127.0.0.1 port (a different origin from the shop, as in
//   production). The front measures what the browser put on the wire, which a collector does not
//   keep: every ingest POST and CORS preflight with its wire bytes, and the events each request
//   carried (`n`, the bench's own event number, also for events without an eventId, as the
//   documented approach sends them). It also serves GET /v2/j/<key>, the core script for that key
//   (cartbeacon's dist/richpanel.min.js, or the documented stand-in) with __COLLECTOR__ replaced by
//   its origin, and can go down (connection refused) and up again on the same port.
// - Shop: serves bench/pages and bench/documented (with __COLLECTOR__ replaced) and dist/ as is.
import { Agent, createServer, request } from 'node:http';
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
const INGEST = new Set(['/v2/bt', '/v2/t', '/v3/t']);
/** Hop-by-hop headers are the front's own business, not forwarded. */
const HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-length']);

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

/** The events a body carries (id as sent, name, the bench's `n`); [] when it cannot be decoded. */
function eventsOf(path, text) {
  try {
    const body = JSON.parse(text);
    const events = path === '/v2/bt' ? decodeB64Json(body.hs).events : [decodeB64Json(body.h)];
    return Array.isArray(events) ? events.map((e) => ({ id: e?.eventId, name: e?.event, n: e?.properties?.n })) : [];
  } catch {
    return [];
  }
}

/**
 * Starts the collector. `cores` maps an API key to the core script file served at /v2/j/<key>.
 * `faults` is a fault object or `(n) => fault | undefined` (n: 1-based count of ingest POSTs), as
 * cartbeacon/testing takes them.
 */
export async function startCollector({ cores = {}, faults } = {}) {
  const testing = await import(new URL('../dist/testing.mjs', import.meta.url).href);
  const real = await testing.startCollector(faults ? { faults } : {});
  const upstream = new URL(real.url);
  const agent = new Agent({ keepAlive: true });
  let count = 0;
  const records = []; // ingest POSTs
  const preflights = [];
  let url = '';

  /** Sends the request on to the real collector and its answer back; the status, or 0 when it dropped. */
  const forward = (req, res, body) =>
    new Promise((done) => {
      const headers = { ...req.headers, host: upstream.host, 'content-length': String(body.length) };
      const out = request(
        { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers, agent },
        (answer) => {
          readBody(answer).then(
            (data) => {
              const back = Object.fromEntries(Object.entries(answer.headers).filter(([k]) => !HOP.has(k)));
              res.writeHead(answer.statusCode, { ...back, 'Content-Length': String(data.length) }).end(data);
              done(answer.statusCode);
            },
            () => done(0),
          );
        },
      );
      out.on('error', () => {
        res.destroy(); // the real collector dropped the connection (a `drop` fault): so does the front
        done(0);
      });
      out.end(body);
    });

  const handle = async (req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    // Pages made cross-origin isolated (COEP) may load the core and send only with this header.
    res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
    const core = /^\/v2\/j\/([^/]+)$/.exec(path);
    if (core && req.method === 'GET') {
      const file = cores[decodeURIComponent(core[1])];
      if (!file) return res.writeHead(404).end();
      const text = (await readFile(file, 'utf8')).replaceAll('__COLLECTOR__', url);
      res.writeHead(200, { 'Content-Type': 'application/javascript; charset=utf-8', 'Cache-Control': 'no-store' });
      return res.end(text);
    }
    const body = await readBody(req);
    if (req.method === 'OPTIONS') {
      preflights.push({ at: Date.now(), path, wireBytes: wireBytes(req, body.length) });
      await forward(req, res, body);
      return;
    }
    if (req.method !== 'POST' || !INGEST.has(path)) {
      await forward(req, res, body);
      return;
    }
    const rec = {
      n: ++count,
      at: Date.now(),
      path,
      contentType: String(req.headers['content-type'] || ''),
      status: 0,
      wireBytes: wireBytes(req, body.length),
      bodyBytes: body.length,
      events: eventsOf(path, body.toString('utf8')),
    };
    records.push(rec);
    rec.status = await forward(req, res, body);
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
    /** The first accepted copy of each event, in arrival order (the real collector's store). */
    get accepted() {
      return real.events.map((e) => ({
        id: e.event.eventId,
        name: e.name,
        n: e.event.properties?.n,
        at: e.receivedAt,
      }));
    },
    /** Ingest POST count so far (faulted ones included). */
    get count() {
      return count;
    },
    setFaults(next) {
      real.setFaults(next);
    },
    /** Forgets every record and accepted event, and the faults. */
    reset() {
      records.length = 0;
      preflights.length = 0;
      count = 0;
      real.setFaults(undefined);
      void real.clear();
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
      agent.destroy();
      await real.close();
    },
  };
}

/**
 * The storefront origin: bench/pages at /, bench/documented at /doc/, dist/ at /dist/. `__COLLECTOR__`
 * in pages and documented files becomes the collector's origin. `?coi=1` pages are cross-origin
 * isolated (COOP + COEP), so performance.now() has 5 µs instead of 100 µs resolution.
 */
export async function startShop({ collectorUrl, routes = {} }) {
  const mounts = [
    ['/dist/', join(ROOT, 'dist'), false],
    ['/doc/', join(ROOT, 'bench', 'documented'), true],
    ['/', join(ROOT, 'bench', 'pages'), true],
  ];
  const server = createServer(async (req, res) => {
    const u = new URL(req.url, 'http://x');
    const generated = routes[u.pathname];
    if (generated) {
      res.writeHead(200, { 'Content-Type': 'application/javascript', 'Cache-Control': 'no-store' }).end(generated());
      return;
    }
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
