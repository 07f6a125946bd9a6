// The read side: /api/events, the live stream, /healthz, the core script and static files.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { StoredEvent } from '../../src/collector/index.js';
import { batchBody, post, start, tempDir, wireEvent } from './helpers.js';

async function list(url: string): Promise<{ events: StoredEvent[]; total: number }> {
  return (await (await fetch(url)).json()) as { events: StoredEvent[]; total: number };
}

/** Reads server-sent events from a stream until `count` messages of `type` arrived. */
async function readStream(res: Response, count: number, type = 'stored'): Promise<string[]> {
  const reader = (res.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let text = '';
  const found: string[] = [];
  while (found.length < count) {
    const { value, done } = await reader.read();
    if (done) break;
    text += decoder.decode(value, { stream: true });
    const messages = text.split('\n\n');
    text = messages.pop() ?? '';
    for (const message of messages) {
      if (message.includes(`event: ${type}\n`))
        found.push(
          message
            .split('\n')
            .find((l) => l.startsWith('data: '))
            ?.slice(6) ?? '',
        );
    }
  }
  await reader.cancel();
  return found;
}

describe('GET /api/events', () => {
  it('returns stored events in arrival order, filtered by name and limited to the newest', async () => {
    const c = await start();
    await post(
      c,
      '/v2/bt',
      batchBody([
        wireEvent('page_view'),
        wireEvent('add_to_cart', { properties: { n: 1 } }),
        wireEvent('page_view'),
        wireEvent('add_to_cart', { properties: { n: 2 } }),
      ]),
    );
    const all = await list(`${c.url}/api/events`);
    expect(all.events.map((e) => e.name)).toEqual(['page_view', 'add_to_cart', 'page_view', 'add_to_cart']);
    expect(all.total).toBe(4);
    const carts = await list(`${c.url}/api/events?event=add_to_cart`);
    expect(carts.events.map((e) => e.event.properties)).toEqual([{ n: 1 }, { n: 2 }]);
    const newest = await list(`${c.url}/api/events?event=add_to_cart&limit=1`);
    expect(newest).toMatchObject({ total: 2, events: [{ event: { properties: { n: 2 } } }] });
    expect((await list(`${c.url}/api/events?limit=0`)).events).toEqual([]);
  });

  it.each([
    ['in memory', false],
    ['with a data file', true],
  ])('pages to older events with next, %s', async (_where, withFile) => {
    const c = await start(withFile ? { dataDir: await tempDir() } : {});
    const sent = [1, 2, 3, 4, 5].map((n) => wireEvent('page_view', { properties: { n } }));
    await post(c, '/v2/bt', batchBody(sent.slice(0, 3)));
    await post(c, '/v2/bt', batchBody(sent.slice(3)));
    const ns = (page: { events: StoredEvent[] }) => page.events.map((e) => (e.event.properties as { n: number }).n);
    const first = (await (await fetch(`${c.url}/api/events?limit=2`)).json()) as {
      events: StoredEvent[];
      next: number;
      total: number;
    };
    expect([ns(first), first.total]).toEqual([[4, 5], 5]);
    const second = (await (await fetch(`${c.url}/api/events?limit=2&before=${first.next}`)).json()) as typeof first;
    expect(ns(second)).toEqual([2, 3]);
    const last = (await (await fetch(`${c.url}/api/events?limit=2&before=${second.next}`)).json()) as typeof first;
    expect([ns(last), last.next]).toEqual([[1], null]);
  });

  it('answers 400 for a before cursor that is not a whole number', async () => {
    const c = await start();
    const res = await fetch(`${c.url}/api/events?before=-1`);
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: 'before must be a whole number, got "-1"' });
  });

  it('answers 400 for a limit that is not a whole number', async () => {
    const c = await start();
    const res = await fetch(`${c.url}/api/events?limit=ten`);
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: 'limit must be a whole number, got "ten"' });
  });

  it('clears with DELETE and forgets request records too', async () => {
    const c = await start();
    await post(c, '/v2/bt', batchBody([wireEvent('page_view')]));
    expect(await (await fetch(`${c.url}/api/events`, { method: 'DELETE' })).json()).toEqual({
      status: 'ok',
      cleared: 1,
    });
    expect((await list(`${c.url}/api/events`)).events).toEqual([]);
    expect(c.events).toEqual([]);
    expect(c.requests).toEqual([]);
  });

  it('answers 405 for POST /api/events', async () => {
    const c = await start();
    const res = await fetch(`${c.url}/api/events`, { method: 'POST', body: '{}' });
    expect(res.status).toBe(405);
  });
});

describe('GET /api/events/stream', () => {
  it('streams each newly stored event once, and a clear message', async () => {
    const c = await start();
    const res = await fetch(`${c.url}/api/events/stream`);
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const a = wireEvent('page_view');
    const reading = readStream(res, 2);
    await post(c, '/v2/bt', batchBody([a]));
    await post(c, '/v2/bt', batchBody([a, wireEvent('order', { properties: { orderId: '9', amount: 1, items: [] } })]));
    const messages = (await reading).map((m) => JSON.parse(m) as StoredEvent);
    expect(messages.map((m) => m.name)).toEqual(['page_view', 'order']);

    const again = await fetch(`${c.url}/api/events/stream`);
    const cleared = readStream(again, 1, 'clear');
    await fetch(`${c.url}/api/events`, { method: 'DELETE' });
    expect(await cleared).toEqual(['{}']);
  });

  it('does not keep close() waiting on open streams', async () => {
    const c = await start();
    const res = await fetch(`${c.url}/api/events/stream`);
    expect(res.status).toBe(200);
    await c.close();
    await expect(res.text()).rejects.toThrow();
  });
});

describe('waitForEvents', () => {
  it('resolves once enough events are stored and rejects, listing what it has, on timeout', async () => {
    const c = await start();
    const waiting = c.waitForEvents(2);
    await post(c, '/v2/bt', batchBody([wireEvent('page_view')]));
    await post(c, '/v2/bt', batchBody([wireEvent('search')]));
    expect((await waiting).map((e) => e.name)).toEqual(['page_view', 'search']);
    await expect(c.waitForEvents(3, 50)).rejects.toThrow(
      'waited 50 ms for 3 events, the collector has 2: page_view, search',
    );
  });
});

describe('other routes', () => {
  it('answers /healthz with the event count', async () => {
    const c = await start();
    expect(await (await fetch(`${c.url}/healthz`)).json()).toEqual({ status: 'ok', events: 0 });
  });

  it('serves the core script at /v2/j/:key as JavaScript, revalidated by ETag', async () => {
    const dir = await tempDir();
    const core = join(dir, 'core.js');
    await writeFile(core, 'window.core = 1;');
    const c = await start({ coreScript: core });
    const res = await fetch(`${c.url}/v2/j/any-key?version=0.1.0`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/javascript; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('no-cache');
    expect(await res.text()).toBe('window.core = 1;');
    const etag = res.headers.get('etag') as string;
    expect((await fetch(`${c.url}/v2/j/any-key`, { headers: { 'If-None-Match': etag } })).status).toBe(304);
    await writeFile(core, 'window.core = 2;');
    expect(await (await fetch(`${c.url}/v2/j/any-key`, { headers: { 'If-None-Match': etag } })).text()).toBe(
      'window.core = 2;',
    );
  });

  it('answers 404 naming the build when the core script is missing', async () => {
    const c = await start({ coreScript: '/nonexistent/richpanel.min.js' });
    const res = await fetch(`${c.url}/v2/j/k`);
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: string }).error).toMatch(/npm run build/);
  });

  it('serves static folders by prefix, index.html for folders, and nothing outside them', async () => {
    const dir = await tempDir();
    await mkdir(join(dir, 'pages', 'sub'), { recursive: true });
    await writeFile(join(dir, 'pages', 'index.html'), '<p>home</p>');
    await writeFile(join(dir, 'pages', 'sub', 'a.js'), 'export {}');
    await writeFile(join(dir, 'secret.txt'), 'nope');
    const c = await start({ static: { '/': join(dir, 'pages'), '/assets/': join(dir, 'pages', 'sub') } });
    const home = await fetch(`${c.url}/`);
    expect(home.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await home.text()).toBe('<p>home</p>');
    expect((await fetch(`${c.url}/assets/a.js`)).headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect((await fetch(`${c.url}/sub/a.js`)).status).toBe(200);
    expect((await fetch(`${c.url}/%2e%2e/secret.txt`)).status).toBe(404);
    expect((await fetch(`${c.url}/..%2fsecret.txt`)).status).toBe(404);
  });

  it('serves the viewer page with a nonce-only script policy', async () => {
    const c = await start();
    const res = await fetch(`${c.url}/events`);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(/script-src 'nonce-[^']+'/);
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain("img-src 'none'");
    const html = await res.text();
    expect(html).toContain('id="list"');
    expect(html).not.toContain('innerHTML');
  });
});
