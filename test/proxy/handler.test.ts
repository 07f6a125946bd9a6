// createProxy, the fetch-standard handler, called as an edge runtime calls it: a Request in, a
// Response out, with a recording stand-in for Richpanel on 127.0.0.1 as the upstream.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createProxy } from '../../src/proxy.js';
import { MAX_PROXY_BODY_BYTES } from '../../src/proxy/limits.js';
import { etagOf } from '../../scripts/core-module.mjs';
import { BATCH, closedPort, post, startUpstream } from './helpers.js';

const SHOP = 'https://shop.example';
const CORE_TEXT = readFileSync('dist/richpanel.min.js', 'utf8');

describe('the core script', () => {
  const proxy = createProxy();

  it('serves the built core at <basePath>/v2/j/<KEY> with its content hash as ETag', async () => {
    const res = await proxy(new Request(`${SHOP}/cb/v2/j/KEY?version=2.0.0`));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/javascript; charset=utf-8');
    expect(await res.text()).toBe(CORE_TEXT);
    expect(res.headers.get('etag')).toBe(etagOf(CORE_TEXT));
    expect(res.headers.get('cache-control')).toBe('public, max-age=3600, stale-while-revalidate=86400');
  });

  it('answers 304 without a body when If-None-Match names the ETag', async () => {
    const etag = etagOf(CORE_TEXT);
    for (const ifNoneMatch of [etag, `W/${etag}`, `"old", ${etag}`, '*']) {
      const res = await proxy(new Request(`${SHOP}/cb/v2/j/KEY`, { headers: { 'if-none-match': ifNoneMatch } }));
      expect(res.status, ifNoneMatch).toBe(304);
      expect(res.headers.get('etag')).toBe(etag);
      expect(await res.text()).toBe('');
    }
    const stale = await proxy(new Request(`${SHOP}/cb/v2/j/KEY`, { headers: { 'if-none-match': '"old"' } }));
    expect(stale.status).toBe(200);
  });

  it('answers HEAD with the headers only', async () => {
    const res = await proxy(new Request(`${SHOP}/cb/v2/j/KEY`, { method: 'HEAD' }));
    expect(res.status).toBe(200);
    expect(res.headers.get('etag')).toBe(etagOf(CORE_TEXT));
    expect(await res.text()).toBe('');
  });
});

describe('forwarding events', () => {
  it('forwards POST /v2/bt, /v2/t and /v3/t to the same path on the upstream, body unchanged', async () => {
    const up = await startUpstream();
    const proxy = createProxy({ upstream: up.url });
    const body = JSON.stringify({ h: Buffer.from('{"event":"Łódź 李 🙂"}').toString('base64') });
    for (const path of ['/v2/bt', '/v2/t', '/v3/t']) {
      const res = await proxy(post(`${SHOP}/cb${path}?ts=1`, body));
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ status: 'ok', accepted: 1, duplicates: 0 });
    }
    expect(up.received.map((r) => `${r.method} ${r.path}`)).toEqual([
      'POST /v2/bt?ts=1',
      'POST /v2/t?ts=1',
      'POST /v3/t?ts=1',
    ]);
    for (const r of up.received) expect(r.body.toString('utf8')).toBe(body);
  });

  it('keeps a path prefix of the upstream', async () => {
    const up = await startUpstream();
    await createProxy({ upstream: `${up.url}/rp/` })(post(`${SHOP}/cb/v2/bt`, BATCH));
    expect(up.received[0]!.path).toBe('/rp/v2/bt');
  });

  it("passes the visitor's User-Agent, Content-Type and Origin, never the shop's cookies or Authorization", async () => {
    const up = await startUpstream();
    const proxy = createProxy({ upstream: up.url });
    await proxy(
      post(`${SHOP}/cb/v2/bt`, BATCH, {
        'user-agent': 'Mozilla/5.0 (visitor)',
        'content-type': 'text/plain;charset=UTF-8',
        origin: SHOP,
        referer: `${SHOP}/account?token=secret`,
        cookie: 'session=shop-session; rpdid=abc',
        authorization: 'Bearer shop-admin',
        'x-api-key': 'shop-internal',
      }),
    );
    const { headers } = up.received[0]!;
    expect(headers['user-agent']).toBe('Mozilla/5.0 (visitor)');
    expect(headers['content-type']).toBe('text/plain;charset=UTF-8');
    expect(headers.origin).toBe(SHOP);
    expect(headers.cookie).toBeUndefined();
    expect(headers.authorization).toBeUndefined();
    expect(headers['x-api-key']).toBeUndefined();
    expect(headers.referer).toBeUndefined();
  });

  it("gives back the upstream's status, body and Retry-After, and none of its cookies", async () => {
    const up = await startUpstream({
      status: 429,
      headers: { 'retry-after': '7', 'set-cookie': 'rp=1; Path=/', 'x-internal': 'yes' },
      body: '{"error":"slow down"}',
    });
    const res = await createProxy({ upstream: up.url })(post(`${SHOP}/cb/v2/bt`, BATCH));
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('7');
    expect(await res.text()).toBe('{"error":"slow down"}');
    expect(res.headers.get('set-cookie')).toBeNull();
    expect(res.headers.get('x-internal')).toBeNull();
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it('does not follow an upstream redirect', async () => {
    const elsewhere = await startUpstream();
    const up = await startUpstream({ status: 307, headers: { location: `${elsewhere.url}/v2/bt` } });
    const res = await createProxy({ upstream: up.url })(post(`${SHOP}/cb/v2/bt`, BATCH));
    expect(res.status).toBe(307);
    expect(res.headers.get('location')).toBeNull();
    expect(elsewhere.received).toHaveLength(0);
  });
});

describe('X-Forwarded-For', () => {
  it('sends the connecting address and ignores forwarding headers a visitor could forge', async () => {
    const up = await startUpstream();
    const proxy = createProxy({ upstream: up.url });
    const forged = { 'x-forwarded-for': '6.6.6.6', 'cf-connecting-ip': '6.6.6.6', 'x-real-ip': '6.6.6.6' };
    await proxy(post(`${SHOP}/cb/v2/bt`, BATCH, forged), { clientAddress: '::ffff:203.0.113.7' });
    await proxy(post(`${SHOP}/cb/v2/bt`, BATCH, forged));
    expect(up.received[0]!.headers['x-forwarded-for']).toBe('203.0.113.7');
    expect(up.received[1]!.headers['x-forwarded-for']).toBeUndefined();
  });

  it('appends the connecting address to the incoming X-Forwarded-For behind a trusted proxy', async () => {
    const up = await startUpstream();
    const proxy = createProxy({ upstream: up.url, trustProxy: true });
    await proxy(post(`${SHOP}/cb/v2/bt`, BATCH, { 'x-forwarded-for': '198.51.100.1, 10.0.0.2' }), {
      clientAddress: '10.0.0.3',
    });
    // Without a socket (Next.js, Vercel): the platform's X-Forwarded-For as it came
    await proxy(post(`${SHOP}/cb/v2/bt`, BATCH, { 'x-forwarded-for': '198.51.100.1' }));
    expect(up.received.map((r) => r.headers['x-forwarded-for'])).toEqual([
      '198.51.100.1, 10.0.0.2, 10.0.0.3',
      '198.51.100.1',
    ]);
  });

  it("reads the platform's ipHeader only when trusted, without repeating the last address", async () => {
    const up = await startUpstream();
    const proxy = createProxy({ upstream: up.url, trustProxy: true, ipHeader: 'CF-Connecting-IP' });
    await proxy(post(`${SHOP}/cb/v2/bt`, BATCH, { 'cf-connecting-ip': '198.51.100.9' }));
    await proxy(
      post(`${SHOP}/cb/v2/bt`, BATCH, { 'cf-connecting-ip': '198.51.100.9', 'x-forwarded-for': '198.51.100.9' }),
    );
    await proxy(post(`${SHOP}/cb/v2/bt`, BATCH, { 'cf-connecting-ip': 'not an address' }));
    expect(up.received.map((r) => r.headers['x-forwarded-for'])).toEqual(['198.51.100.9', '198.51.100.9', undefined]);
  });
});

describe('refusals', () => {
  const proxy = createProxy({ upstream: 'http://127.0.0.1:9' });

  it('answers 404 for any other path under the base path, and outside it', async () => {
    for (const path of [
      '/cb',
      '/cb/',
      '/cb/v2/bt/',
      '/cb/v2/j/',
      '/cb/v2/j/KEY/x',
      '/cb/v1/bt',
      '/cb/admin',
      '/v2/bt',
    ]) {
      const res = await proxy(post(`${SHOP}${path}`, BATCH));
      expect(res.status, path).toBe(404);
      expect((await res.json()).error).toContain(path);
    }
  });

  it('answers 405 with Allow for a wrong method on a known route', async () => {
    const put = await proxy(new Request(`${SHOP}/cb/v2/bt`, { method: 'PUT', body: BATCH }));
    expect(put.status).toBe(405);
    expect(put.headers.get('allow')).toBe('POST, OPTIONS');
    for (const method of ['GET', 'HEAD', 'DELETE']) {
      expect((await proxy(new Request(`${SHOP}/cb/v3/t`, { method }))).status, method).toBe(405);
    }
    const postCore = await proxy(post(`${SHOP}/cb/v2/j/KEY`, BATCH));
    expect(postCore.status).toBe(405);
    expect(postCore.headers.get('allow')).toBe('GET, HEAD, OPTIONS');
  });

  /** A body stream of 64 KB chunks that counts what was pulled from it. */
  function counted(total: number) {
    const state = { pulled: 0, cancelled: false };
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (state.pulled >= total) return controller.close();
        state.pulled += 65_536;
        controller.enqueue(new Uint8Array(65_536).fill(120));
      },
      cancel() {
        state.cancelled = true;
      },
    });
    return { stream, state };
  }
  const streamed = (stream: ReadableStream, headers: Record<string, string> = {}) =>
    new Request(`${SHOP}/cb/v2/bt`, { method: 'POST', body: stream, headers, duplex: 'half' } as RequestInit);

  it('answers 413 from an announced Content-Length over 1 MB without reading the body', async () => {
    const { stream, state } = counted(4 * MAX_PROXY_BODY_BYTES);
    const res = await proxy(streamed(stream, { 'content-length': String(MAX_PROXY_BODY_BYTES + 1) }));
    expect(res.status).toBe(413);
    expect(state.pulled).toBeLessThanOrEqual(65_536); // at most the stream's own first pull
  });

  it('answers 413 by counting the bytes when Content-Length is absent or understated, and stops reading', async () => {
    for (const headers of [{}, { 'content-length': '100' }] as Record<string, string>[]) {
      const { stream, state } = counted(16 * MAX_PROXY_BODY_BYTES);
      const res = await proxy(streamed(stream, headers));
      expect(res.status).toBe(413);
      expect(state.cancelled).toBe(true);
      expect(state.pulled).toBeLessThanOrEqual(MAX_PROXY_BODY_BYTES + 2 * 65_536);
    }
  });

  it('forwards a body of exactly 1 MB', async () => {
    const up = await startUpstream();
    const res = await createProxy({ upstream: up.url })(post(`${SHOP}/cb/v2/bt`, 'x'.repeat(MAX_PROXY_BODY_BYTES)));
    expect(res.status).toBe(200);
    expect(up.received[0]!.body.length).toBe(MAX_PROXY_BODY_BYTES);
  });

  it('answers 502 when the upstream cannot be reached', async () => {
    const res = await createProxy({ upstream: await closedPort() })(post(`${SHOP}/cb/v2/bt`, BATCH));
    expect(res.status).toBe(502);
    expect((await res.json()).error).toContain('could not be reached');
  });

  it('answers 504 when the upstream does not answer in time', async () => {
    const up = await startUpstream({ hang: true });
    const started = Date.now();
    const res = await createProxy({ upstream: up.url, timeoutMs: 300 })(post(`${SHOP}/cb/v2/bt`, BATCH));
    expect(res.status).toBe(504);
    expect(Date.now() - started).toBeLessThan(3000);
    expect(up.received).toHaveLength(1);
  });
});

describe('CORS', () => {
  it('answers a preflight for the event routes with the origin, POST and Content-Type', async () => {
    const proxy = createProxy({ upstream: 'http://127.0.0.1:9' });
    const res = await proxy(
      new Request(`${SHOP}/cb/v2/bt`, {
        method: 'OPTIONS',
        headers: {
          origin: 'https://www.shop.example',
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'content-type',
        },
      }),
    );
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('https://www.shop.example');
    expect(res.headers.get('access-control-allow-methods')).toBe('POST, OPTIONS');
    expect(res.headers.get('access-control-allow-headers')).toBe('Content-Type');
    expect(res.headers.get('access-control-max-age')).toBe('7200');
  });

  it('lets the page read the status and Retry-After of an answer', async () => {
    const up = await startUpstream({ status: 503, headers: { 'retry-after': '2' } });
    const res = await createProxy({ upstream: up.url })(post(`${SHOP}/cb/v2/bt`, BATCH, { origin: SHOP }));
    expect(res.headers.get('access-control-allow-origin')).toBe(SHOP);
    expect(res.headers.get('access-control-expose-headers')).toBe('Retry-After');
    expect(up.received[0]!.headers['access-control-request-method']).toBeUndefined();
  });
});
