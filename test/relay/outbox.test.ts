// The relay's outbox in one process: calls resolve once the change is on disk, delivery runs in the
// background, flush() reports what is left (by its deadline), a reopened outbox delivers what was
// pending, and its memory (customers and order ids sent) survives the restart.
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RelayError, createRelay } from '../../src/relay/index.js';
import type { Relay, RelayOptions } from '../../src/relay/types.js';
import { historyOrder } from '../sync/destinations/fixture.js';
import { destinationsAt, devServer, received, relayTo, switchableFetch } from './helpers.js';

const outboxDir = () => join(mkdtempSync(join(tmpdir(), 'cartbeacon-relay-')), 'outbox');
const changeFiles = (dir: string) => readdirSync(join(dir, 'changes'));

/** A fetch that holds the requests `held(url)` picks until `release()` (or their abort). */
function gatedFetch(held: (url: string) => boolean) {
  let open!: () => void;
  const gate = new Promise<void>((resolve) => {
    open = resolve;
  });
  const fetchFn: typeof fetch = async (input, init) => {
    if (held(String(input))) {
      await Promise.race([
        gate,
        new Promise((_, reject) => init?.signal?.addEventListener('abort', () => reject(init.signal!.reason))),
      ]);
    }
    return fetch(input, init);
  };
  return { fetch: fetchFn, release: () => open() };
}

function outboxRelay(dev: { url: string }, outbox: string, options: RelayOptions = {}): Relay {
  return relayTo(dev, { outbox, ...options });
}

describe('the outbox', () => {
  it('resolves a call once the change is on disk, then delivers it in the background', async () => {
    const dev = await devServer();
    const outbox = outboxDir();
    const gate = gatedFetch(() => true);
    const relay = outboxRelay(dev, outbox, { fetch: gate.fetch });
    const outcome = await relay.order(historyOrder(1));
    expect(outcome.results).toEqual({
      richpanel: { status: 'queued' },
      rfmcube: { status: 'queued' },
      esputnik: { status: 'queued' },
    });
    const [file] = changeFiles(outbox);
    expect(JSON.parse(readFileSync(join(outbox, 'changes', file!), 'utf8'))).toMatchObject({
      id: outcome.id,
      kind: 'order',
      to: ['richpanel', 'rfmcube', 'esputnik'],
      done: {},
      text: JSON.stringify(historyOrder(1)),
    });
    expect(dev.events).toEqual([]);

    gate.release();
    expect(await relay.flush()).toEqual({ pending: 0, left: [] });
    expect(received(dev).sort()).toEqual([
      'esputnik.contact',
      'esputnik.orderCreated',
      'order',
      'rfmcube.merge_customer',
      'rfmcube.merge_order',
    ]);
    expect(changeFiles(outbox)).toEqual([]);
  });

  it('reports each delivery to onDelivery, and a refused change in rejected.jsonl', async () => {
    const dev = await devServer({ esputnik: { maxEventBytes: 200 } });
    const outbox = outboxDir();
    const reports: unknown[] = [];
    const relay = outboxRelay(dev, outbox, { onDelivery: (r) => reports.push(r) });
    const { id } = await relay.order(historyOrder(1));
    await relay.flush();
    expect(reports).toHaveLength(3);
    expect(reports).toContainEqual({
      id,
      kind: 'order',
      destination: 'esputnik',
      result: expect.objectContaining({ status: 'rejected' }),
      willRetry: false,
    });
    const [line] = readFileSync(join(outbox, 'rejected.jsonl'), 'utf8').trim().split('\n');
    expect(JSON.parse(line!)).toMatchObject({
      id,
      kind: 'order',
      destination: 'esputnik',
      reason: expect.stringMatching(/status 413/),
      change: historyOrder(1),
    });
    expect(changeFiles(outbox)).toEqual([]);
  });

  it('keeps what a destination that is down did not take, says why in flush(), and delivers it when it is back', async () => {
    const dev = await devServer();
    const outbox = outboxDir();
    const net = switchableFetch((url) => url.includes('/rfmcube/'));
    const reports: Array<{ destination: string; willRetry: boolean }> = [];
    const relay = outboxRelay(dev, outbox, {
      fetch: net.fetch,
      maxAttempts: 2,
      onDelivery: (r) => reports.push(r),
    });
    const first = await relay.order(historyOrder(1));
    const second = await relay.order({ ...historyOrder(1), status: 'delivered' });
    const flushed = await relay.flush(20_000);
    expect(flushed).toEqual({
      pending: 2,
      left: [
        {
          id: first.id,
          kind: 'order',
          destinations: [{ name: 'rfmcube', reason: expect.stringMatching(/^Network error: .*ECONNREFUSED/) }],
        },
        // Held back behind the first change of the same order: no attempt, no reason yet.
        { id: second.id, kind: 'order', destinations: [{ name: 'rfmcube' }] },
      ],
    });
    // One report per failed round, each saying it will retry (on a slow machine the lane's backoff
    // can run out, and a second round fail, before flush() returns).
    const rfmcube = reports.filter((r) => r.destination === 'rfmcube');
    expect(rfmcube.length).toBeGreaterThanOrEqual(1);
    expect(rfmcube).toEqual(rfmcube.map(() => expect.objectContaining({ id: first.id, willRetry: true })));
    expect(received(dev).filter((n) => n.startsWith('esputnik.'))).toEqual([
      'esputnik.contact',
      'esputnik.orderCreated',
      'esputnik.orderDelivered',
    ]);

    net.state.down = false;
    expect(await relay.flush(20_000)).toEqual({ pending: 0, left: [] });
    expect(dev.rfmcube.requests.map((r) => r.path)).toEqual(['/merge_customer', '/merge_order', '/merge_order']);
    expect(dev.rfmcube.customers.get('shopper1@example.com')?.orders.get('order-1')).toMatchObject({
      status: 'delivered',
    });
    // Nothing went twice to the destinations that were up.
    expect(dev.requests).toHaveLength(2);
    expect(dev.esputnik.requests).toHaveLength(3);
  });

  it('returns from flush(timeoutMs) by its deadline while a destination does not answer', async () => {
    const dev = await devServer();
    const outbox = outboxDir();
    const gate = gatedFetch((url) => url.includes('/esputnik/'));
    const relay = outboxRelay(dev, outbox, { fetch: gate.fetch });
    const { id } = await relay.order(historyOrder(1));
    const started = Date.now();
    const flushed = await relay.flush(300);
    const took = Date.now() - started;
    expect(took).toBeGreaterThanOrEqual(290);
    expect(took).toBeLessThan(5_000);
    expect(flushed).toEqual({ pending: 1, left: [{ id, kind: 'order', destinations: [{ name: 'esputnik' }] }] });
    gate.release();
    expect(await relay.flush()).toEqual({ pending: 0, left: [] });
  });

  it('delivers what an earlier relay left when the outbox is opened again, without sending anything twice', async () => {
    const dev = await devServer();
    const outbox = outboxDir();
    const net = switchableFetch((url) => url.includes('/esputnik/'));
    const first = createRelay({
      ...destinationsAt(dev.url),
      outbox,
      fetch: net.fetch,
      backoffBaseMs: 5,
      maxAttempts: 2,
      rateWindowMs: 1_000,
    });
    await first.order(historyOrder(1));
    await first.order(historyOrder(2));
    await first.flush();
    await first.close();
    expect(changeFiles(outbox)).toHaveLength(2);
    expect(dev.esputnik.requests).toEqual([]);

    const second = outboxRelay(dev, outbox);
    expect(await second.flush()).toEqual({ pending: 0, left: [] });
    // Two customers' orders go side by side, each after its contact.
    expect(dev.esputnik.events.map((e) => [e.eventTypeKey, e.params.externalOrderId]).sort()).toEqual([
      ['orderCreated', 'order-1'],
      ['orderCreated', 'order-2'],
    ]);
    expect(dev.requests).toHaveLength(2);
    expect(dev.rfmcube.requests.map((r) => r.path)).toEqual(
      ['/merge_customer', '/merge_customer', '/merge_order', '/merge_order'].sort(),
    );
  });

  it('remembers across a restart which customers Rfmcube has and which orders eSputnik has', async () => {
    const dev = await devServer();
    const outbox = outboxDir();
    const first = createRelay({ ...destinationsAt(dev.url), outbox, backoffBaseMs: 5, rateWindowMs: 1_000 });
    await first.order(historyOrder(1));
    await first.flush();
    await first.close();

    const second = outboxRelay(dev, outbox);
    await second.order({ ...historyOrder(1), status: 'shipped' });
    await second.flush();
    expect(dev.esputnik.events.map((e) => e.eventTypeKey)).toEqual(['orderCreated', 'orderUpdated']);
    expect(dev.rfmcube.requests.map((r) => r.path)).toEqual(['/merge_customer', '/merge_order', '/merge_order']);
    // Rfmcube's customer, eSputnik's contact and eSputnik's order: no contact created twice either.
    expect(readFileSync(join(outbox, 'memory.jsonl'), 'utf8').trim().split('\n')).toHaveLength(3);
    expect(dev.esputnik.requests.filter((r) => r.path === '/api/v1/contact')).toHaveLength(1);
  });

  it('refuses a second relay on an outbox in use, naming the process', async () => {
    const dev = await devServer();
    const outbox = outboxDir();
    outboxRelay(dev, outbox);
    expect(() => createRelay({ ...destinationsAt(dev.url), outbox })).toThrow(RelayError);
    expect(() => createRelay({ ...destinationsAt(dev.url), outbox })).toThrow(
      new RegExp(`^the outbox ${outbox} is in use by process ${process.pid} on `),
    );
  });

  it('sets aside a change file that was edited, with a warning, and delivers the others', async () => {
    const dev = await devServer();
    const outbox = outboxDir();
    const gate = gatedFetch(() => true);
    const first = createRelay({ ...destinationsAt(dev.url), outbox, fetch: gate.fetch, rateWindowMs: 1_000 });
    await first.order(historyOrder(1));
    await first.order(historyOrder(2));
    await first.close();
    const [one] = changeFiles(outbox);
    writeFileSync(join(outbox, 'changes', one!), '{"version":1,"id":');
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.message);
    process.on('warning', onWarning);
    try {
      const second = outboxRelay(dev, outbox);
      expect(await second.flush()).toEqual({ pending: 0, left: [] });
      await new Promise((r) => setImmediate(r));
    } finally {
      process.off('warning', onWarning);
    }
    expect(warnings).toEqual([
      expect.stringMatching(/was damaged or edited \(not readable JSON\); it is kept as .*\.damaged/),
    ]);
    expect(existsSync(join(outbox, 'changes', `${one}.damaged`))).toBe(true);
    expect(dev.esputnik.events.map((e) => e.params.externalOrderId)).toEqual(['order-2']);
  });
});
