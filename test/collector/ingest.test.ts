// The ingest routes: what they accept and every refusal, each naming its problem.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { encodeHs } from '../../src/server/wire.js';
import { KEY, SECRET, batchBody, post, signedBody, start, wireEvent } from './helpers.js';

async function expectError(res: Response, status: number, pattern: RegExp): Promise<void> {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  const body = (await res.json()) as { error?: unknown };
  expect(body.error).toMatch(pattern);
}

describe('POST /v2/bt', () => {
  it('accepts a fetch batch (application/json) and answers with the accepted count', async () => {
    const c = await start();
    const res = await post(c, '/v2/bt', batchBody([wireEvent('page_view'), wireEvent('add_to_cart')]));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok', accepted: 2, duplicates: 0 });
    expect(c.events.map((e) => [e.name, e.transport, e.appClientId])).toEqual([
      ['page_view', 'json', KEY],
      ['add_to_cart', 'json', KEY],
    ]);
  });

  it('accepts a sendBeacon batch (text/plain) and parses the same JSON', async () => {
    const c = await start();
    const res = await post(c, '/v2/bt', batchBody([wireEvent('page_view')]), 'text/plain;charset=UTF-8');
    expect(await res.json()).toEqual({ status: 'ok', accepted: 1, duplicates: 0 });
    expect(c.events[0]?.transport).toBe('text');
  });

  it('keeps the wire event exactly as sent, non-Latin-1 text included', async () => {
    const c = await start();
    const event = wireEvent('view_product', { properties: { name: 'Crème brûlée — 東京 🍮', price: 4.5 } });
    await post(c, '/v2/bt', batchBody([event]));
    expect(c.events[0]?.event).toEqual(event);
    expect(c.events[0]?.id).toBe(event.eventId);
  });

  it('answers 400 for a body that is not JSON', async () => {
    const c = await start();
    await expectError(await post(c, '/v2/bt', 'hs=abc'), 400, /not JSON/);
  });

  it('answers 400 for a JSON body that is not an object', async () => {
    const c = await start();
    await expectError(await post(c, '/v2/bt', '["hs"]'), 400, /JSON object/);
  });

  it('answers 400 for a body without "hs"', async () => {
    const c = await start();
    await expectError(await post(c, '/v2/bt', '{"h":"e30="}'), 400, /no "hs"/);
  });

  it('answers 400 for "hs" that is not base64', async () => {
    const c = await start();
    await expectError(await post(c, '/v2/bt', '{"hs":"not base64!"}'), 400, /hs is not valid base64/);
  });

  it('answers 400 for base64 that is not JSON inside', async () => {
    const c = await start();
    const hs = Buffer.from('{broken', 'utf8').toString('base64');
    await expectError(await post(c, '/v2/bt', JSON.stringify({ hs })), 400, /does not decode to JSON/);
  });

  it('answers 400 when the payload is not a send_batch', async () => {
    const c = await start();
    const hs = encodeHs({ event: 'page_view', appClientId: KEY, events: [] });
    await expectError(await post(c, '/v2/bt', JSON.stringify({ hs })), 400, /"send_batch", got "page_view"/);
  });

  it('answers 400 when "events" is not an array', async () => {
    const c = await start();
    const hs = encodeHs({ event: 'send_batch', appClientId: KEY, events: { 0: wireEvent('x') } });
    await expectError(await post(c, '/v2/bt', JSON.stringify({ hs })), 400, /"events" must be an array, got object/);
  });

  it('answers 400 for an event without a name, and stores nothing of that batch', async () => {
    const c = await start();
    const res = await post(c, '/v2/bt', batchBody([wireEvent('page_view'), wireEvent('', {})]));
    await expectError(res, 400, /events\[1\] has no event name/);
    expect(c.events).toEqual([]);
  });

  it('answers 400 for an event that is not an object', async () => {
    const c = await start();
    await expectError(await post(c, '/v2/bt', batchBody(['page_view'])), 400, /events\[0\] must be an object/);
  });

  it('answers 400 for a batch of more than 25 events', async () => {
    const c = await start();
    const events = Array.from({ length: 26 }, () => wireEvent('page_view'));
    await expectError(await post(c, '/v2/bt', batchBody(events)), 400, /26 events; send at most 25/);
  });

  it('answers 400 when no appClientId is anywhere in the batch', async () => {
    const c = await start();
    const { appClientId: _drop, ...event } = wireEvent('page_view');
    const res = await post(c, '/v2/bt', batchBody([event], { appClientId: undefined }));
    await expectError(res, 400, /appClientId is missing/);
  });

  it('answers 413 above 1 MB, before storing anything', async () => {
    const c = await start();
    const big = 'x'.repeat(1024 * 1024);
    const res = await post(c, '/v2/bt', batchBody([wireEvent('page_view', { properties: { big } })]));
    await expectError(res, 413, /at most 1048576 bytes/);
    expect(c.events).toEqual([]);
    expect(c.requests[0]?.status).toBe(413);
  });

  it('answers 413 for a chunked body that grows past 1 MB without a Content-Length', async () => {
    const c = await start();
    const chunk = new TextEncoder().encode('x'.repeat(256 * 1024));
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ < 5) controller.enqueue(chunk);
        else controller.close();
      },
    });
    const res = await fetch(`${c.url}/v2/bt`, {
      method: 'POST',
      body,
      headers: { 'Content-Type': 'application/json' },
      duplex: 'half',
    } as RequestInit);
    await expectError(res, 413, /over 1048576 bytes/);
  });

  it('refuses a 100,000-level nested event with a 400 that says why, and the event API keeps working', async () => {
    const c = await start(); // in memory, as `--memory` runs
    const levels = 100_000;
    const deep = `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`;
    const payload = `{"event":"send_batch","appClientId":"${KEY}","events":[{"event":"page_view","eventId":"deep-1","properties":${deep}}]}`;
    const res = await post(c, '/v2/bt', JSON.stringify({ hs: Buffer.from(payload).toString('base64') }));
    await expectError(res, 400, /hs nests more than 64 levels of objects and arrays/);
    expect(c.events).toEqual([]);
    const api = await fetch(`${c.url}/api/events`);
    expect(api.status).toBe(200);
  });

  it('takes a payload 64 levels deep and refuses one 65 levels deep', async () => {
    const c = await start();
    // batch (1) > events (2) > event (3) > properties (4) > …
    const nested = (levels: number) => {
      let value: unknown = 1;
      for (let i = 0; i < levels; i++) value = { a: value };
      return value;
    };
    const ok = await post(c, '/v2/bt', batchBody([wireEvent('page_view', { properties: nested(61) })]));
    expect(ok.status).toBe(200);
    const deep = await post(c, '/v2/bt', batchBody([wireEvent('page_view', { properties: nested(62) })]));
    await expectError(deep, 400, /more than 64 levels/);
  });

  it('answers 405 for GET on an ingest route', async () => {
    const c = await start();
    const res = await fetch(`${c.url}/v2/bt`);
    await expectError(res, 405, /use POST/);
    expect(res.headers.get('allow')).toBe('POST');
  });

  it('answers 404 naming the routes for an unknown path', async () => {
    const c = await start();
    await expectError(await post(c, '/v1/track', '{}'), 404, /POST \/v2\/bt/);
  });
});

describe('signed server batches', () => {
  it('accepts a batch whose "s" matches the secret and marks its events verified by signature', async () => {
    const c = await start();
    const res = await post(
      c,
      '/v2/bt',
      signedBody([wireEvent('order', { userProperties: { uid: '42', email: 'a@example.com' } })]),
    );
    expect(await res.json()).toEqual({ status: 'ok', accepted: 1, duplicates: 0 });
    expect(c.events[0]?.transport).toBe('signed');
    expect(c.events[0]?.identity).toEqual({ verified: true, by: 'signature', id: '42', email: 'a@example.com' });
  });

  it('answers 401 when "s" was made with another secret', async () => {
    const c = await start();
    await expectError(
      await post(c, '/v2/bt', signedBody([wireEvent('order')], 'wrong-secret')),
      401,
      /"s" does not match/,
    );
    expect(c.events).toEqual([]);
  });

  it('answers 401 when "s" is missing from a batch marked event_type send_batch', async () => {
    const c = await start();
    const hs = encodeHs({ event: 'send_batch', appClientId: KEY, events: [wireEvent('order')] });
    await expectError(
      await post(c, '/v2/bt', JSON.stringify({ hs, event_type: 'send_batch' })),
      401,
      /"s" does not match/,
    );
  });

  it('answers 401 for a signed batch when the collector has no secret', async () => {
    const c = await start({ secret: '' });
    await expectError(await post(c, '/v2/bt', signedBody([wireEvent('order')])), 401, /no API secret/);
  });
});

describe('server plugin traffic (WooCommerce and Magento)', () => {
  const sign = (text: string, scheme: 'md5' | 'sha256', secret = SECRET) =>
    createHash(scheme)
      .update(text + secret, 'utf8')
      .digest('hex');
  const pluginBatch = (events: unknown[], scheme: 'md5' | 'sha256', platform: string) => {
    const hs = encodeHs({ event: 'send_batch', appClientId: KEY, platform, version: '1.0', events });
    return JSON.stringify({ hs, s: sign(hs, scheme), event_type: 'send_batch' });
  };
  const ordersWithDeletes = (orders: number) =>
    Array.from({ length: orders }, (_, i) => [
      wireEvent('order', { properties: { orderId: `m-${i}`, amount: 10, items: [{ price: 10, quantity: 1 }] } }),
      wireEvent('delete_fulfillment', { properties: { orderId: `m-${i}` } }),
    ]).flat();

  it('accepts a WooCommerce batch signed md5(hs + secret), with its extra event names, and says which scheme', async () => {
    const c = await start();
    const events = ['view_article', 'checkout_payment', 'subscription', 'order'].map((name) =>
      wireEvent(
        name,
        name === 'order' ? { properties: { orderId: 'w-1', amount: 5, items: [{ price: 5, quantity: 1 }] } } : {},
      ),
    );
    const res = await post(c, '/v2/bt', pluginBatch(events, 'md5', 'woocommerce'));
    expect(await res.json()).toEqual({ status: 'ok', accepted: 4, duplicates: 0 });
    expect(c.events.map((e) => [e.name, e.transport, e.signature])).toEqual([
      ['view_article', 'signed', 'md5'],
      ['checkout_payment', 'signed', 'md5'],
      ['subscription', 'signed', 'md5'],
      ['order', 'signed', 'md5'],
    ]);
    expect(c.events.every((e) => e.warnings.length === 0 && e.identity.by === 'signature')).toBe(true);
  });

  it('accepts a Magento batch signed sha256(hs + secret) of 50 orders and 50 delete_fulfillment events', async () => {
    const c = await start();
    const res = await post(c, '/v2/bt', pluginBatch(ordersWithDeletes(50), 'sha256', 'magento'));
    expect(await res.json()).toEqual({ status: 'ok', accepted: 100, duplicates: 0 });
    expect(c.events.filter((e) => e.name === 'delete_fulfillment')).toHaveLength(50);
    expect(new Set(c.events.map((e) => e.signature))).toEqual(new Set(['sha256']));
  });

  it('refuses a signed batch of 101 events, and a browser batch of 26', async () => {
    const c = await start();
    const tooMany = [...ordersWithDeletes(50), wireEvent('order')];
    await expectError(
      await post(c, '/v2/bt', pluginBatch(tooMany, 'sha256', 'magento')),
      400,
      /101 events; send at most 100 per signed server batch/,
    );
    const browser = Array.from({ length: 26 }, () => wireEvent('page_view'));
    await expectError(await post(c, '/v2/bt', batchBody(browser)), 400, /26 events; send at most 25 per batch/);
  });

  it.each(['md5', 'sha256'] as const)('accepts a signed single event {"s", "h"} on /v2/t (%s)', async (scheme) => {
    const c = await start();
    const event = wireEvent('subscription', { userProperties: { uid: '7', email: 's@example.com' } });
    const h = encodeHs(event);
    const res = await post(c, '/v2/t', JSON.stringify({ s: sign(h, scheme), h }));
    expect(await res.json()).toEqual({ status: 'ok', accepted: 1, duplicates: 0 });
    expect(c.events[0]).toMatchObject({
      name: 'subscription',
      transport: 'signed-single',
      signature: scheme,
      identity: { verified: true, by: 'signature', id: '7', email: 's@example.com' },
    });
  });

  it('answers 401 for a single event whose "s" was made with another secret', async () => {
    const c = await start();
    const h = encodeHs(wireEvent('subscription'));
    await expectError(
      await post(c, '/v2/t', JSON.stringify({ s: sign(h, 'md5', 'wrong'), h })),
      401,
      /md5hex\(h \+ API secret\) \(WooCommerce\) or sha256hex\(h \+ API secret\)/,
    );
    expect(c.events).toEqual([]);
  });
});

describe('POST /v2/t and /v3/t (single events)', () => {
  for (const path of ['/v2/t', '/v3/t']) {
    it(`${path} stores the one event of an {"h": base64} body`, async () => {
      const c = await start();
      const event = wireEvent('page_view');
      const res = await post(c, path, JSON.stringify({ h: encodeHs(event) }), 'text/plain');
      expect(await res.json()).toEqual({ status: 'ok', accepted: 1, duplicates: 0 });
      expect(c.events[0]).toMatchObject({ name: 'page_view', transport: 'single', id: event.eventId });
    });
  }

  it('answers 400 for a body without "h"', async () => {
    const c = await start();
    await expectError(await post(c, '/v3/t', JSON.stringify({ hs: encodeHs(wireEvent('x')) })), 400, /no "h" string/);
  });

  it('answers 400 for "h" that is not base64, naming "h"', async () => {
    const c = await start();
    await expectError(await post(c, '/v2/t', '{"h":"%%%"}'), 400, /^h is not valid base64/);
  });

  it('answers 400 for a single event without a name', async () => {
    const c = await start();
    await expectError(
      await post(c, '/v2/t', JSON.stringify({ h: encodeHs({ appClientId: KEY }) })),
      400,
      /no event name/,
    );
  });
});

describe('warnings that do not reject', () => {
  it('makes up an id for an event without eventId, with a warning', async () => {
    const c = await start();
    const { eventId: _drop, ...event } = wireEvent('page_view');
    const res = await post(c, '/v2/bt', batchBody([event]));
    expect(await res.json()).toMatchObject({ accepted: 1 });
    expect(c.events[0]?.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(c.events[0]?.warnings.join()).toMatch(/no eventId/);
  });

  it('warns when the batch is for another API key', async () => {
    const c = await start();
    await post(c, '/v2/bt', batchBody([wireEvent('page_view', { appClientId: 'other' })], { appClientId: 'other' }));
    expect(c.events[0]?.warnings).toEqual(['appClientId "other" is not this collector\'s API key']);
  });

  it('stores an order with missing required fields, listing what is missing', async () => {
    const c = await start();
    const event = wireEvent('order', { properties: { items: [{ id: '1', quantity: 1 }] } });
    const res = await post(c, '/v2/bt', batchBody([event]));
    expect(await res.json()).toMatchObject({ accepted: 1 });
    expect(c.events[0]?.warnings).toEqual(['orderId is missing', 'amount is missing', 'items[0].price is missing']);
  });
});
