// toNodeHandler for real: a node:http server and an Express app, each with the proxy mounted as the
// README shows, in front of a recording stand-in for Richpanel on 127.0.0.1.
import { createServer, type IncomingMessage, request, type ServerResponse } from 'node:http';
import express from 'express';
import { describe, expect, it } from 'vitest';
import { createProxy, nodeServerOptions, toNodeHandler } from '../../src/proxy.js';
import { MAX_PROXY_BODY_BYTES } from '../../src/proxy/limits.js';
import { BATCH, listen, startUpstream } from './helpers.js';

/** A POST with a body streamed in chunks (Transfer-Encoding: chunked, no Content-Length); resolves with the answer. */
function chunkedPost(url: string, total: number): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers: { 'content-type': 'application/json' } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => {
        body += c;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    const chunk = Buffer.alloc(64 * 1024, 120);
    let sent = 0;
    const write = () => {
      while (sent < total) {
        sent += chunk.length;
        if (!req.write(chunk)) return req.once('drain', write);
      }
      req.end();
    };
    write();
  });
}

describe('node:http', () => {
  async function start(options = {}) {
    const up = await startUpstream({ status: 503, headers: { 'retry-after': '4' } });
    // The README recipe, with a shop handler of its own:
    const shop = (_req: IncomingMessage, res: ServerResponse) => res.writeHead(200).end('shop page');
    const proxy = toNodeHandler(createProxy({ basePath: '/cb', upstream: up.url, ...options }));
    const server = createServer(nodeServerOptions(), (req, res) => proxy(req, res, () => shop(req, res)));
    return { up, shop: await listen(server) };
  }
  async function bare() {
    const up = await startUpstream();
    return { up, shop: await listen(createServer(toNodeHandler(createProxy({ upstream: up.url })))) };
  }

  it("forwards events with the socket's address and the visitor's User-Agent, without the shop's cookies", async () => {
    const { up, shop } = await start();
    const res = await fetch(`${shop}/cb/v2/bt`, {
      method: 'POST',
      body: BATCH,
      headers: {
        'content-type': 'application/json',
        'user-agent': 'visitor-agent',
        cookie: 'session=shop',
        authorization: 'Basic c2hvcA==',
        'x-forwarded-for': '6.6.6.6',
      },
    });
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('4');
    const got = up.received[0]!;
    expect(got.path).toBe('/v2/bt');
    expect(got.body.toString()).toBe(BATCH);
    expect(got.headers['x-forwarded-for']).toBe('127.0.0.1');
    expect(got.headers['user-agent']).toBe('visitor-agent');
    expect(got.headers.cookie).toBeUndefined();
    expect(got.headers.authorization).toBeUndefined();
  });

  it('appends the socket address to a trusted X-Forwarded-For', async () => {
    const { up, shop } = await start({ trustProxy: true });
    await fetch(`${shop}/cb/v3/t`, { method: 'POST', body: BATCH, headers: { 'x-forwarded-for': '198.51.100.4' } });
    expect(up.received[0]!.headers['x-forwarded-for']).toBe('198.51.100.4, 127.0.0.1');
  });

  it("the nginx recipe (ipHeader 'X-Real-IP'): the visitor's own X-Forwarded-For is dropped", async () => {
    const { up, shop } = await start({ trustProxy: true, ipHeader: 'X-Real-IP' });
    // nginx: proxy_set_header X-Real-IP $remote_addr, and the visitor's X-Forwarded-For passed on.
    const headers = { 'x-real-ip': '203.0.113.7', 'x-forwarded-for': '6.6.6.6, cafe, 1.2.3.4:99999' };
    await fetch(`${shop}/cb/v2/bt`, { method: 'POST', body: BATCH, headers });
    expect(up.received[0]!.headers['x-forwarded-for']).toBe('203.0.113.7, 127.0.0.1');
  });

  it('behind one proxy that appends (trustProxy: 1): only the entry that proxy wrote', async () => {
    const { up, shop } = await start({ trustProxy: 1 });
    // nginx's $proxy_add_x_forwarded_for: the visitor's header, then the address nginx saw.
    const headers = { 'x-forwarded-for': '6.6.6.6, 203.0.113.7' };
    await fetch(`${shop}/cb/v2/bt`, { method: 'POST', body: BATCH, headers });
    expect(up.received[0]!.headers['x-forwarded-for']).toBe('203.0.113.7, 127.0.0.1');
  });

  it('serves the core with an ETag and answers 304 to it', async () => {
    const { shop } = await start();
    const first = await fetch(`${shop}/cb/v2/j/KEY?version=2.0.0`);
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toBe('application/javascript; charset=utf-8');
    expect((await first.text()).length).toBeGreaterThan(1000);
    const again = await fetch(`${shop}/cb/v2/j/KEY`, { headers: { 'if-none-match': first.headers.get('etag')! } });
    expect(again.status).toBe(304);
  });

  it("passes other paths to the shop's own handler", async () => {
    const { up, shop } = await start();
    expect(await (await fetch(`${shop}/products/1`)).text()).toBe('shop page');
    expect(await (await fetch(`${shop}/cbx/v2/bt`, { method: 'POST', body: BATCH })).text()).toBe('shop page');
    expect(up.received).toHaveLength(0);
  });

  it('answers 404 outside the base path when there is no next handler', async () => {
    const { up, shop } = await bare();
    const res = await fetch(`${shop}/admin`, { method: 'POST', body: BATCH });
    expect(res.status).toBe(404);
    const absolute = await fetch(`${shop}//evil.example/cb/v2/bt`, { method: 'POST', body: BATCH });
    expect(absolute.status).toBe(404);
    expect(up.received).toHaveLength(0);
  });

  it('answers 413 to a 2 MB body, announced or chunked, and forwards nothing', async () => {
    const { up, shop } = await start();
    const announced = await fetch(`${shop}/cb/v2/bt`, { method: 'POST', body: 'x'.repeat(2 * MAX_PROXY_BODY_BYTES) });
    expect(announced.status).toBe(413);
    const chunked = await chunkedPost(`${shop}/cb/v2/bt`, 2 * MAX_PROXY_BODY_BYTES);
    expect(chunked.status).toBe(413);
    expect(JSON.parse(chunked.body).error).toContain('over 1048576 bytes');
    expect(up.received).toHaveLength(0);
  });

  it('answers 405 to a method fetch cannot carry', async () => {
    const { shop } = await start();
    const res = await new Promise<number>((resolve, reject) => {
      request(`${shop}/cb/v2/bt`, { method: 'TRACE' }, (r) => {
        r.resume();
        resolve(r.statusCode ?? 0);
      })
        .on('error', reject)
        .end();
    });
    expect(res).toBe(405);
  });
});

describe('Express', () => {
  it('answers under /cb and passes every other request on to the app', async () => {
    const up = await startUpstream();
    // The README recipe:
    const app = express();
    app.use(toNodeHandler(createProxy({ upstream: up.url, basePath: '/cb' })));
    app.get('/', (_req, res) => {
      res.send('shop home');
    });
    app.post('/cart', (_req, res) => {
      res.send('cart');
    });
    const shop = await listen(createServer(nodeServerOptions(), app));

    expect(await (await fetch(`${shop}/`)).text()).toBe('shop home');
    expect(await (await fetch(`${shop}/cart`, { method: 'POST', body: 'x' })).text()).toBe('cart');
    const events = await fetch(`${shop}/cb/v2/bt`, {
      method: 'POST',
      body: BATCH,
      headers: { cookie: 'connect.sid=s' },
    });
    expect(events.status).toBe(200);
    expect((await fetch(`${shop}/cb/v2/j/KEY`)).headers.get('etag')).toMatch(/^"[\w-]{43}"$/);
    expect((await fetch(`${shop}/cb/nothing`)).status).toBe(404);
    expect(up.received).toHaveLength(1);
    expect(up.received[0]!.headers.cookie).toBeUndefined();
    expect(up.received[0]!.headers['x-forwarded-for']).toBe('127.0.0.1');
  });

  it("works mounted on a path (app.use('/cb', …))", async () => {
    const up = await startUpstream();
    const app = express();
    app.use('/cb', toNodeHandler(createProxy({ upstream: up.url })));
    const shop = await listen(createServer(app));
    expect((await fetch(`${shop}/cb/v3/t`, { method: 'POST', body: BATCH })).status).toBe(200);
    expect(up.received[0]!.path).toBe('/v3/t');
  });

  it('says to mount it before body parsers when one already read the body', async () => {
    const up = await startUpstream();
    const app = express();
    app.use(express.json());
    app.use(toNodeHandler(createProxy({ upstream: up.url })));
    const shop = await listen(createServer(app));
    const res = await fetch(`${shop}/cb/v2/bt`, {
      method: 'POST',
      body: BATCH,
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(500);
    expect((await res.json()).error).toContain('before body parsers');
    expect(up.received).toHaveLength(0);
  });
});
