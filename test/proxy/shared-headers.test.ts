// The headers every answer of the proxy carries, seen through toNodeHandler on a real node:http
// server: `Vary: Origin` whether or not the request had an Origin (a cache must not hand an answer
// without CORS headers to a CORS request), and `X-Content-Type-Options: nosniff`.
import { createServer } from 'node:http';
import { describe, expect, it } from 'vitest';
import { createProxy, toNodeHandler } from '../../src/proxy.js';
import { MAX_PROXY_BODY_BYTES } from '../../src/proxy/limits.js';
import { BATCH, closedPort, listen, startUpstream } from './helpers.js';

const WWW = 'https://www.shop.example';

async function shopWith(upstream: string, options = {}) {
  return listen(createServer(toNodeHandler(createProxy({ upstream, basePath: '/cb', ...options }))));
}

const varies = (res: Response) =>
  (res.headers.get('vary') ?? '')
    .split(',')
    .map((v) => v.trim().toLowerCase())
    .includes('origin');

describe('Vary: Origin and nosniff on every answer', () => {
  it('the core, its 304 and HEAD, a preflight, the refusals and forwarded answers, with and without an Origin', async () => {
    const up = await startUpstream({ status: 429, headers: { 'retry-after': '3' } });
    const shop = await shopWith(up.url);
    const core = await fetch(`${shop}/cb/v2/j/KEY?version=2.0.0`);
    const etag = core.headers.get('etag')!;
    const cases: [string, string, RequestInit][] = [
      ['core', '/cb/v2/j/KEY?version=2.0.0', {}],
      ['core 304', '/cb/v2/j/KEY', { headers: { 'if-none-match': etag } }],
      ['core HEAD', '/cb/v2/j/KEY', { method: 'HEAD' }],
      ['preflight', '/cb/v2/bt', { method: 'OPTIONS', headers: { 'access-control-request-method': 'POST' } }],
      ['forwarded', '/cb/v2/bt', { method: 'POST', body: BATCH }],
      ['404', '/cb/nothing', {}],
      ['405', '/cb/v2/bt', { method: 'GET' }],
      ['413', '/cb/v2/bt', { method: 'POST', body: 'x'.repeat(MAX_PROXY_BODY_BYTES + 1) }],
    ];
    for (const [name, path, init] of cases) {
      for (const origin of [undefined, WWW]) {
        const headers = { ...(init.headers as Record<string, string>), ...(origin ? { origin } : {}) };
        const res = await fetch(shop + path, { ...init, headers });
        await res.arrayBuffer();
        const label = `${name}, ${origin ? 'with' : 'without'} Origin`;
        expect(varies(res), `${label}: vary ${res.headers.get('vary')}`).toBe(true);
        expect(res.headers.get('x-content-type-options'), label).toBe('nosniff');
        expect(res.headers.get('access-control-allow-origin'), label).toBe(origin ?? null);
      }
    }
  });

  it('the 502 of an upstream that cannot be reached', async () => {
    const shop = await shopWith(await closedPort());
    const res = await fetch(`${shop}/cb/v2/bt`, { method: 'POST', body: BATCH });
    expect(res.status).toBe(502);
    expect(varies(res)).toBe(true);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('a cache that honours Vary gives a CORS request on another host the core with its CORS headers', async () => {
    // A minimal shared cache (a CDN) in front of the proxy: it keys a kept answer by the request
    // headers the answer's Vary names, as RFC 9111 section 4.1 requires.
    const up = await startUpstream();
    const shop = await shopWith(up.url);
    const kept = new Map<string, { vary: string[]; keyed: string; res: Response }>();
    const cached = async (path: string, headers: Record<string, string>) => {
      const hit = kept.get(path);
      if (hit && hit.vary.map((v) => headers[v] ?? '').join('\n') === hit.keyed) return hit.res.clone();
      const res = await fetch(shop + path, { headers });
      const vary = (res.headers.get('vary') ?? '')
        .split(',')
        .map((v) => v.trim().toLowerCase())
        .filter(Boolean);
      kept.set(path, { vary, keyed: vary.map((v) => headers[v] ?? '').join('\n'), res: res.clone() });
      return res;
    };
    // A visitor on shop.example loads the core without an Origin (a plain <script>)…
    expect((await cached('/cb/v2/j/KEY', {})).status).toBe(200);
    // …then a page on www.shop.example loads it with integrity (CORS): it must get CORS headers.
    const cors = await cached('/cb/v2/j/KEY', { origin: WWW });
    expect(cors.headers.get('access-control-allow-origin')).toBe(WWW);
  });
});
