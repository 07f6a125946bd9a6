// The fetch-standard recipes of the README, called as their platforms call them (a Cloudflare
// Worker's fetch(request, env, ctx), a Next.js route handler's (request, { params })), and the built
// bundle run where Node's globals do not exist, as on an edge runtime.
import { readFileSync } from 'node:fs';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { createProxy } from '../../src/proxy.js';
import type * as ProxyModule from '../../src/proxy.js';
import { BATCH, startUpstream } from './helpers.js';

describe('Cloudflare Workers recipe', () => {
  it("forwards with the visitor's address from CF-Connecting-IP and serves the core", async () => {
    const up = await startUpstream();
    // worker.js, as in the README (upstream pointed at the stand-in):
    const proxy = createProxy({ upstream: up.url, basePath: '/cb', trustProxy: true, ipHeader: 'CF-Connecting-IP' });
    const worker = { fetch: (request: Request) => proxy(request) };

    const env = { SOME_BINDING: 'x' };
    const ctx = { waitUntil() {}, passThroughOnException() {} };
    // Cloudflare's own headers: it sets CF-Connecting-IP and appends the visitor to the
    // X-Forwarded-For the visitor sent (here a forged one, which must not reach the upstream).
    const res = await (worker.fetch as (r: Request, e: unknown, c: unknown) => Promise<Response>)(
      new Request('https://shop.example/cb/v2/bt', {
        method: 'POST',
        body: BATCH,
        headers: {
          'content-type': 'application/json',
          'cf-connecting-ip': '198.51.100.20',
          'x-forwarded-for': '6.6.6.6, 198.51.100.20',
          cookie: '__cf_bm=x; session=shop',
        },
      }),
      env,
      ctx,
    );
    expect(res.status).toBe(200);
    expect(up.received[0]!.headers['x-forwarded-for']).toBe('198.51.100.20');
    expect(up.received[0]!.headers.cookie).toBeUndefined();
    const core = await worker.fetch(new Request('https://shop.example/cb/v2/j/KEY?version=2.0.0'));
    expect(core.status).toBe(200);
    expect(core.headers.get('etag')).toBeTruthy();
  });
});

describe('Next.js app router recipe (app/cb/[...path]/route.ts)', () => {
  it('answers GET, POST and OPTIONS as route handlers with the platform-set X-Forwarded-For', async () => {
    const up = await startUpstream();
    // route.ts, as in the README (upstream pointed at the stand-in):
    const proxy = createProxy({ upstream: up.url, basePath: '/cb', trustProxy: true });
    const handle = (request: Request) => proxy(request);
    const route = { GET: handle, HEAD: handle, POST: handle, OPTIONS: handle };

    const context = { params: Promise.resolve({ path: ['v2', 'bt'] }) };
    const call = (name: keyof typeof route, request: Request) =>
      (route[name] as (r: Request, c: unknown) => Promise<Response>)(request, context);
    const posted = await call(
      'POST',
      new Request('https://shop.example/cb/v2/bt', {
        method: 'POST',
        body: BATCH,
        headers: { 'x-forwarded-for': '203.0.113.50', authorization: 'Bearer next-session' },
      }),
    );
    expect(posted.status).toBe(200);
    expect(up.received[0]!.headers['x-forwarded-for']).toBe('203.0.113.50');
    expect(up.received[0]!.headers.authorization).toBeUndefined();
    const preflight = await call(
      'OPTIONS',
      new Request('https://shop.example/cb/v2/bt', { method: 'OPTIONS', headers: { origin: 'https://shop.example' } }),
    );
    expect(preflight.status).toBe(204);
    expect((await call('GET', new Request('https://shop.example/cb/v2/j/KEY'))).status).toBe(200);
  });
});

describe('the built bundle on an edge runtime', () => {
  it('runs with only web-platform globals: no require, process or Buffer', async () => {
    const up = await startUpstream();
    const code = readFileSync('dist/proxy.cjs', 'utf8');
    const module = { exports: {} as typeof ProxyModule };
    // What Cloudflare Workers, Deno and Vercel edge give every script (no Node built-ins).
    const web = { Request, Response, Headers, fetch, URL, AbortController, ReadableStream, TextEncoder };
    runInNewContext(code, { module, exports: module.exports, setTimeout, clearTimeout, ...web });
    const edge = module.exports.createProxy({ upstream: up.url });

    const core = await edge(new Request('https://shop.example/cb/v2/j/KEY'));
    expect(core.status).toBe(200);
    expect(await core.text()).toBe(readFileSync('dist/richpanel.min.js', 'utf8'));
    const res = await edge(new Request('https://shop.example/cb/v2/bt', { method: 'POST', body: BATCH }));
    expect(res.status).toBe(200);
    expect(up.received[0]!.body.toString()).toBe(BATCH);
  });
});
