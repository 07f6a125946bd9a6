// CORS: any storefront origin may send, preflighted and credentialed requests included.
import { describe, expect, it } from 'vitest';
import { batchBody, post, start, wireEvent } from './helpers.js';

const ORIGIN = 'https://shop.example';

describe('CORS', () => {
  it('answers a credentialed preflight for application/json with the origin echoed and a max age', async () => {
    const c = await start();
    const res = await fetch(`${c.url}/v2/bt`, {
      method: 'OPTIONS',
      headers: { Origin: ORIGIN, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type' },
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
      headers: { Origin: ORIGIN, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'x-requested-with' },
    });
    expect(res.headers.get('access-control-allow-headers')).toBe('Content-Type, x-requested-with');
  });

  it('echoes the origin and allows credentials on the POST itself', async () => {
    const c = await start();
    const res = await post(c, '/v2/bt', batchBody([wireEvent('page_view')]), 'application/json', { Origin: 'http://localhost:3000' });
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
    const res = await fetch(`${c.url}/v2/bt`, { method: 'OPTIONS', headers: { Origin: ORIGIN, 'Access-Control-Request-Method': 'POST' } });
    expect(res.status).toBe(204);
    expect(c.requests).toEqual([]);
  });
});
