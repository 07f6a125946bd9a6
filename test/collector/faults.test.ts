// Fault injection on the ingest routes, for demos and retry tests.
import { describe, expect, it } from 'vitest';
import { checkFault, decideFault } from '../../src/collector/faults.js';
import { decodeHs } from '../../src/protocol/encode.js';
import { batchBody, post, start, wireEvent } from './helpers.js';

describe('decideFault', () => {
  it('does nothing without a fault', () => {
    expect(decideFault(undefined, 0)).toEqual({ kind: 'none', latencyMs: 0 });
  });

  it('fails every request for a status alone, with 503 when a rate names none', () => {
    expect(decideFault({ status: 429, retryAfter: '3' }, 0.99)).toEqual({
      kind: 'fail',
      latencyMs: 0,
      status: 429,
      retryAfter: '3',
    });
    expect(decideFault({ failRate: 0.5 }, 0.2)).toEqual({
      kind: 'fail',
      latencyMs: 0,
      status: 503,
      retryAfter: undefined,
    });
  });

  it('fails the given fraction of requests by the random draw', () => {
    expect(decideFault({ failRate: 0.3 }, 0.29).kind).toBe('fail');
    expect(decideFault({ failRate: 0.3 }, 0.3).kind).toBe('none');
    expect(decideFault({ failRate: 0 }, 0).kind).toBe('none');
    expect(decideFault({ failRate: 1 }, 0.999).kind).toBe('fail');
  });

  it('only delays for latency alone', () => {
    expect(decideFault({ latencyMs: 250 }, 0)).toEqual({ kind: 'none', latencyMs: 250 });
  });

  it('drops the connection for drop', () => {
    expect(decideFault({ drop: true, latencyMs: 5 }, 0)).toEqual({ kind: 'drop', latencyMs: 5 });
  });

  it('refuses numbers that cannot work', () => {
    expect(() => checkFault({ failRate: 1.5 })).toThrow(/between 0 and 1/);
    expect(() => checkFault({ status: 99 })).toThrow(/HTTP status/);
    expect(() => checkFault({ latencyMs: -1 })).toThrow(/0 ms or more/);
  });
});

describe('fault injection over HTTP', () => {
  it('answers the injected status and Retry-After without storing, and records the request', async () => {
    const c = await start({ faults: { status: 503, retryAfter: '2' } });
    const res = await post(c, '/v2/bt', batchBody([wireEvent('page_view')]), 'application/json', {
      Origin: 'https://shop.example',
    });
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('2');
    expect(res.headers.get('access-control-expose-headers')).toContain('Retry-After');
    expect(await res.json()).toEqual({ error: 'injected fault: 503' });
    expect(c.events).toEqual([]);
    expect(c.requests).toMatchObject([{ path: '/v2/bt', status: 503, contentType: 'application/json' }]);
    expect(c.requests[0]?.bytes).toBeGreaterThan(0);
  });

  it('fails by request number with a function, so a retry can succeed', async () => {
    const c = await start({ faults: (n) => (n === 1 ? { status: 500 } : undefined) });
    const body = batchBody([wireEvent('order', { properties: { orderId: '1', amount: 2, items: [] } })]);
    expect((await post(c, '/v2/bt', body)).status).toBe(500);
    expect(await (await post(c, '/v2/bt', body)).json()).toEqual({ status: 'ok', accepted: 1, duplicates: 0 });
    expect(c.requests.map((r) => r.status)).toEqual([500, 200]);
  });

  it("hands the request to a fault function and answers with the fault's own body and headers", async () => {
    const seen: Array<[number, string, string]> = [];
    const c = await start({
      faults: (n, request) => {
        seen.push([n, request.path, request.contentType]);
        const { events } = decodeHs(JSON.parse(request.body).hs) as { events: unknown[] };
        return events.length > 1
          ? { status: 400, body: '{"error":"too many"}', headers: { 'X-Why': 'test' } }
          : undefined;
      },
    });
    const two = batchBody([wireEvent('page_view'), wireEvent('search')]);
    const refused = await post(c, '/v2/bt', two, 'text/plain');
    expect([refused.status, refused.headers.get('x-why'), await refused.text()]).toEqual([
      400,
      'test',
      '{"error":"too many"}',
    ]);
    expect((await post(c, '/v2/bt', batchBody([wireEvent('page_view')]))).status).toBe(200);
    expect(seen).toEqual([
      [1, '/v2/bt', 'text/plain'],
      [2, '/v2/bt', 'application/json'],
    ]);
  });

  it('records the event ids a faulted request carried, and numbers requests from 1 again after clear', async () => {
    const c = await start({ faults: (n) => (n === 1 ? { status: 503 } : undefined) });
    const event = wireEvent('order', { properties: { orderId: '1', amount: 2, items: [] } });
    await post(c, '/v2/bt', batchBody([event]));
    expect(c.requests).toMatchObject([{ n: 1, status: 503, eventIds: [event.eventId] }]);
    await c.clear();
    expect((await post(c, '/v2/bt', batchBody([event]))).status).toBe(503);
    expect(c.requests).toMatchObject([{ n: 1, status: 503 }]);
  });

  it('destroys the socket for drop (a network error for the client)', async () => {
    const c = await start({ faults: { drop: true } });
    await expect(post(c, '/v2/bt', batchBody([wireEvent('page_view')]))).rejects.toThrow();
    expect(c.events).toEqual([]);
    expect(c.requests).toHaveLength(1);
  });

  it('delays answers by the latency', async () => {
    const c = await start({ faults: { latencyMs: 150 } });
    const started = Date.now();
    const res = await post(c, '/v2/bt', batchBody([wireEvent('page_view')]));
    expect(res.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('changes faults at run time with setFaults and turns them off with undefined', async () => {
    const c = await start();
    c.setFaults({ status: 429 });
    expect((await post(c, '/v2/bt', batchBody([wireEvent('page_view')]))).status).toBe(429);
    c.setFaults(undefined);
    expect((await post(c, '/v2/bt', batchBody([wireEvent('page_view')]))).status).toBe(200);
    expect(() => c.setFaults({ failRate: 2 })).toThrow(/between 0 and 1/);
  });

  it('never faults the other routes', async () => {
    const c = await start({ faults: { status: 500 } });
    expect((await fetch(`${c.url}/healthz`)).status).toBe(200);
    expect((await fetch(`${c.url}/api/events`)).status).toBe(200);
  });

  it('fails all requests at rate 1 and none at rate 0', async () => {
    const c = await start({ faults: { failRate: 1, status: 502 } });
    for (let i = 0; i < 3; i++) expect((await post(c, '/v2/bt', batchBody([wireEvent('page_view')]))).status).toBe(502);
    c.setFaults({ failRate: 0, status: 502 });
    for (let i = 0; i < 3; i++) expect((await post(c, '/v2/bt', batchBody([wireEvent('page_view')]))).status).toBe(200);
  });
});
