// CORS: any storefront origin may send, preflighted and credentialed requests included.
import { describe, expect, it } from 'vitest';
import { batchBody, post, start, wireEvent } from './helpers.js';

const ORIGIN = 'https://shop.example';

describe('CORS', () => {
  it('answers a credentialed preflight for application/json with the origin echoed and a max age', async () => {
    const c = await start();
    const res = await fetch(`${c.url}/v2/bt`, {
      method: 'OPTIONS',
      headers: {
        Origin: ORIGIN,
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'content-type',
      },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect(res.headers.get('access-control-allow-credentials')).toBe('true');
    expect(res.headers.get('access-control-allow-methods')).toContain('POST');
    expect(res.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('content-type');
    expect(Number(res.headers.get('access-control-max-age'))).toBeGreaterThan(0);
    expect(res.headers.get('vary')).toContain('Origin');
  });

  it('allows extra request headers a page asks for, besides Content-Type', async () => {
    const c = await start();
    const res = await fetch(`${c.url}/v2/bt`, {
      method: 'OPTIONS',
      headers: {
        Origin: ORIGIN,
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'x-requested-with',
      },
    });
    expect(res.headers.get('access-control-allow-headers')).toBe('Content-Type, x-requested-with');
  });

  it('echoes the origin and allows credentials on the POST itself', async () => {
    const c = await start();
    const res = await post(c, '/v2/bt', batchBody([wireEvent('page_view')]), 'application/json', {
      Origin: 'http://localhost:3000',
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('http://localhost:3000');
    expect(res.headers.get('access-control-allow-credentials')).toBe('true');
  });

  it('sends CORS headers on errors too, so the page can read why', async () => {
    const c = await start();
    const res = await post(c, '/v2/bt', 'nope', 'text/plain', { Origin: ORIGIN });
    expect(res.status).toBe(400);
    expect(res.headers.get('access-control-allow-origin')).toBe(ORIGIN);
  });

  it('never answers a wildcard origin (browsers refuse it with credentials)', async () => {
    const c = await start();
    const res = await post(c, '/v2/bt', batchBody([wireEvent('page_view')]), 'application/json', { Origin: ORIGIN });
    expect(res.headers.get('access-control-allow-origin')).not.toBe('*');
  });

  it('does not count preflights as ingest requests or apply faults to them', async () => {
    const c = await start({ faults: { status: 500 } });
    const res = await fetch(`${c.url}/v2/bt`, {
      method: 'OPTIONS',
      headers: { Origin: ORIGIN, 'Access-Control-Request-Method': 'POST' },
    });
    expect(res.status).toBe(204);
    expect(c.requests).toEqual([]);
  });

  it('keeps the event API and the demo login same-origin: no CORS headers, preflights refused', async () => {
    const c = await start({ demo: true });
    const read = await fetch(`${c.url}/api/events`, { headers: { Origin: 'https://evil.example' } });
    expect(read.headers.get('access-control-allow-origin')).toBeNull();
    for (const path of ['/api/events', '/demo/login', '/api/events/stream']) {
      const preflight = await fetch(`${c.url}${path}`, {
        method: 'OPTIONS',
        headers: { Origin: 'https://evil.example', 'Access-Control-Request-Method': 'DELETE' },
      });
      expect(preflight.status).toBe(403);
      expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    }
  });

  it('refuses the event API and viewer to a foreign Host name on loopback (DNS rebinding), but not ingest', async () => {
    const c = await start();
    const { request } = await import('node:http');
    const get = (path: string, host: string, method = 'GET') =>
      new Promise<number>((resolve, reject) => {
        const req = request(
          {
            host: '127.0.0.1',
            port: c.port,
            path,
            method,
            headers: { Host: host, 'Content-Type': 'application/json' },
          },
          (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          },
        );
        req.on('error', reject);
        req.end(method === 'POST' ? batchBody([wireEvent('page_view')]) : undefined);
      });
    expect(await get('/api/events', 'rebound.attacker.example:80')).toBe(403);
    expect(await get('/events', 'rebound.attacker.example')).toBe(403);
    expect(await get('/api/events', `localhost:${c.port}`)).toBe(200);
    expect(await get('/api/events', `shop.localhost:${c.port}`)).toBe(200);
    expect(await get('/v2/bt', 'rebound.attacker.example', 'POST')).toBe(200);
  });

  it('lets other origins load static files (module scripts need CORS)', async () => {
    const c = await start({ static: { '/dist/': 'demo/js' } });
    const res = await fetch(`${c.url}/dist/catalog.js`, { headers: { Origin: ORIGIN } });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe(ORIGIN);
  });
});
