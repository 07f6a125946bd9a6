// @vitest-environment happy-dom
// The viewer renders every value as text: an event named `<img src=x onerror=...>` shows as those
// characters. Runs the viewer's real script (viewerApp) against its real page markup.
import { describe, expect, it } from 'vitest';
import { viewerHtml } from '../../src/collector/viewer.js';
import { viewerApp } from '../../src/collector/viewer-app.js';
import { request } from 'node:http';
import { startCollector, type StoredEvent } from '../../src/collector/index.js';
import { toEsputnikEvent } from '../../src/sync/destinations/esputnik/map.js';
import { historyOrder } from '../sync/destinations/fixture.js';

const XSS = '<img src=x onerror="window.__pwned=1">';

class FakeEventSource {
  static last: FakeEventSource | undefined;
  private readonly listeners = new Map<string, ((e: { data?: string }) => void)[]>();
  constructor(readonly url: string) {
    FakeEventSource.last = this;
  }
  addEventListener(type: string, fn: (e: { data?: string }) => void): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), fn]);
  }
  emit(type: string, data?: unknown): void {
    for (const fn of this.listeners.get(type) ?? []) fn(data === undefined ? {} : { data: JSON.stringify(data) });
  }
}

/** A request through Node's own http (this file's fetch is the DOM's). */
function nodeRequest(
  url: string,
  method: string,
  headers: Record<string, string> = {},
  body?: string,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        text += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

function stored(name: string, extra: Partial<StoredEvent> = {}): StoredEvent {
  return {
    id: `id-${name}-${Math.random()}`,
    name,
    receivedAt: Date.now(),
    appClientId: 'k',
    transport: 'json',
    identity: { verified: false },
    warnings: [],
    event: { event: name, properties: {} },
    ...extra,
  };
}

async function mount(initial: StoredEvent[]): Promise<FakeEventSource> {
  const body = viewerHtml('n').split('<body>')[1]?.split('<script')[0] ?? '';
  document.body.innerHTML = body; // the page's own static markup (no event data)
  const win = window as unknown as Window & typeof globalThis;
  win.fetch = (async () =>
    new Response(JSON.stringify({ events: initial }), {
      headers: { 'Content-Type': 'application/json' },
    })) as typeof fetch;
  (win as unknown as { EventSource: unknown }).EventSource = FakeEventSource;
  viewerApp(win);
  const source = FakeEventSource.last as FakeEventSource;
  source.emit('open');
  await new Promise((r) => setTimeout(r, 10));
  return source;
}

describe('viewer', () => {
  it('renders an event name, properties and identity full of markup as text, creating no elements from them', async () => {
    const evil = stored(XSS, {
      appClientId: XSS,
      warnings: [XSS],
      identity: { verified: true, email: XSS },
      event: { event: XSS, properties: { name: XSS, orderId: XSS } },
    });
    await mount([evil]);
    const list = document.getElementById('list') as HTMLElement;
    expect(list.querySelectorAll('img')).toHaveLength(0);
    expect(document.querySelectorAll('img')).toHaveLength(0);
    expect((window as unknown as { __pwned?: number }).__pwned).toBeUndefined();
    expect(list.querySelector('.name')?.textContent).toBe(XSS);
    expect(list.querySelector('.badge')?.textContent).toBe(`customer · ${XSS}`);
    expect(list.querySelector('.warnings li')?.textContent).toBe(XSS);
    expect(list.querySelector('.json')?.textContent).toContain(JSON.stringify(XSS).slice(1, -1));
    const option = Array.from((document.getElementById('filter') as HTMLSelectElement).options).find(
      (o) => o.value === XSS,
    );
    expect(option?.textContent).toBe(XSS);
  });

  it('adds streamed events on top, once, and filters by name', async () => {
    const first = stored('page_view');
    const source = await mount([first]);
    source.emit('stored', first); // the overlap between the list and the stream
    source.emit('stored', stored('order', { identity: { verified: true, id: '42' }, warnings: ['amount is missing'] }));
    const names = () => Array.from(document.querySelectorAll('#list .name')).map((n) => n.textContent);
    expect(names()).toEqual(['order', 'page_view']);
    expect(document.querySelector('#list .event.has-warnings .warn-count')?.textContent).toBe('1 warning');
    expect(document.querySelector('#list .badge.customer')?.textContent).toBe('customer · 42');
    const filter = document.getElementById('filter') as HTMLSelectElement;
    filter.value = 'page_view';
    filter.dispatchEvent(new Event('change'));
    expect(names()).toEqual(['page_view']);
    expect(document.getElementById('count')?.textContent).toBe('1 shown · 2 stored');
  });

  it('shows which signature scheme a signed batch used', async () => {
    await mount([
      stored('order', { transport: 'signed', signature: 'md5' }),
      stored('delete_fulfillment', { transport: 'signed', signature: 'sha256' }),
    ]);
    const via = Array.from(document.querySelectorAll('#list .transport')).map((n) => n.textContent);
    expect(via).toEqual(['signed · sha256 (Magento, cartbeacon)', 'signed · md5 (WooCommerce)']);
  });

  it("marks the emulators' merges and erasures, and says what each did", async () => {
    await mount([
      stored('rfmcube.merge_customer', {
        transport: 'rfmcube',
        event: { event: 'rfmcube.merge_customer', properties: { name: 'a@example.com · new' } },
      }),
      stored('rfmcube.merge_order', {
        transport: 'rfmcube',
        event: { event: 'rfmcube.merge_order', properties: { orderId: '1001', amount: 12, name: 'new · paid' } },
      }),
      stored('rfmcube.delete_customer', {
        transport: 'rfmcube',
        event: { event: 'rfmcube.delete_customer', properties: { name: 'a@example.com · deleted with 1 order' } },
      }),
      stored('esputnik.orderCreated', { transport: 'esputnik' }),
      stored('order'),
    ]);
    const rows = Array.from(document.querySelectorAll('#list .event')).map((row) => [
      row.querySelector('.name')?.textContent,
      row.className,
      row.querySelector('.summary')?.textContent,
    ]);
    expect(rows).toEqual([
      ['order', 'event', ''],
      ['esputnik.orderCreated', 'event', ''],
      ['rfmcube.delete_customer', 'event erasure', 'a@example.com · deleted with 1 order'],
      ['rfmcube.merge_order', 'event merge', 'order 1001 · new · paid · 12'],
      ['rfmcube.merge_customer', 'event merge', 'a@example.com · new'],
    ]);
  });

  it("marks what an emulator ignored, with eSputnik's reason, as the real emulator records it", async () => {
    // An order event for a contact the emulator does not have, sent straight to it.
    const c = await startCollector({ esputnik: { apiKey: 'k' } });
    try {
      const sent = await nodeRequest(
        `${c.url}/esputnik/api/v1/event`,
        'POST',
        {
          'content-type': 'application/json',
          authorization: `Basic ${Buffer.from('user:k').toString('base64')}`,
        },
        JSON.stringify(toEsputnikEvent(historyOrder(1), { eventType: 'orderCreated' })),
      );
      expect(sent.status).toBe(200);
      const listed = JSON.parse((await nodeRequest(`${c.url}/api/events`, 'GET')).text) as { events: StoredEvent[] };
      await mount([...listed.events, stored('esputnik.orderCreated', { transport: 'esputnik' })]);
    } finally {
      await c.close();
    }
    const rows = Array.from(document.querySelectorAll('#list .event'));
    expect(rows.map((row) => row.className)).toEqual(['event', 'event ignored has-warnings']);
    const ignored = rows[1]!;
    expect(ignored.querySelector('.name')?.textContent).toBe('esputnik.orderCreated');
    expect(ignored.querySelector('.summary')?.textContent).toMatch(
      /^order order-1 · ignored: eSputnik has no contact with externalCustomerId "c1", email "shopper1@example\.com"/,
    );
    expect(Array.from(ignored.querySelectorAll('.warnings li')).map((li) => li.textContent)).toEqual([
      expect.stringMatching(/^ignored: eSputnik has no contact .*an event is kept only for an existing contact/),
    ]);
  });

  it("labels Richpanel's e-commerce events with the GA4 event they are made from, and a derived order id", async () => {
    const derived = '1f0c2b5e-9a41-8d3c-b2e7-55aa01c3d4e6'; // version 8, as the e-commerce module makes
    await mount([
      stored('view_product'),
      stored('order', { id: derived }),
      stored('refund'),
      stored('page_view'),
      stored('toString'),
    ]);
    const rows = Array.from(document.querySelectorAll('#list .event')).map((row) => [
      row.querySelector('.name')?.textContent,
      row.querySelector('.badge.ga4')?.textContent ?? null,
    ]);
    expect(rows).toEqual([
      ['toString', null],
      ['page_view', null],
      ['refund', 'GA4 refund'],
      ['order', 'GA4 purchase'],
      ['view_product', 'GA4 view_item'],
    ]);
    const facts = (name: string) => document.querySelector(`#list .event[data-name="${name}"] .meta dd`)?.textContent;
    expect(facts('order')).toBe(
      `${derived} (derived from the API key and the transaction id: a reloaded thank-you page is this same event)`,
    );
    expect(facts('refund')).toMatch(/^id-refund-[0-9.]+$/);
  });

  it('opens filtered on the event named in ?event= (the demo shop links there)', async () => {
    history.replaceState(null, '', '/events?event=order');
    try {
      await mount([stored('page_view'), stored('order'), stored('view_cart')]);
    } finally {
      history.replaceState(null, '', '/');
    }
    expect((document.getElementById('filter') as HTMLSelectElement).value).toBe('order');
    expect(Array.from(document.querySelectorAll('#list .name')).map((n) => n.textContent)).toEqual(['order']);
  });

  it('shows a visitor badge with the claimed uid for unverified events, and empties on clear', async () => {
    const source = await mount([stored('identify', { event: { event: 'identify', userProperties: { uid: 'u1' } } })]);
    expect(document.querySelector('#list .badge.visitor')?.textContent).toBe('visitor · claims u1');
    source.emit('clear');
    expect(document.querySelectorAll('#list .event')).toHaveLength(0);
    expect((document.getElementById('empty') as HTMLElement).hidden).toBe(false);
  });
});
