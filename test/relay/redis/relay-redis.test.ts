// createRelay({ redis }) in one process, against a real redis-server per test and the dev server:
// calls resolve once the change is in Redis, any relay naming it delivers, the memory and the
// refusals live there (shared), a destination that is down keeps its changes, flush() and close()
// keep their promises, and wrong options fail loudly.
import { beforeEach, describe, expect, it } from 'vitest';
import { RelayError, createRelay } from '../../../src/relay/index.js';
import type { DeliveryReport } from '../../../src/relay/types.js';
import { sharedNames } from '../../../src/relay/redis/keys.js';
import { rateKeyOf } from '../../../src/sync/destinations/rate-key.js';
import { historyOrder } from '../../sync/destinations/fixture.js';
import {
  ESPUTNIK_KEY,
  closeAfterTest,
  destinationsAt,
  devServer,
  received,
  relayTo,
  switchableFetch,
} from '../helpers.js';
import { type RedisServer, startRedis } from './redis-server.js';

let redis: RedisServer;
beforeEach(async () => {
  redis = await startRedis();
  // Stopped after the test's relays are closed.
  closeAfterTest({ close: () => redis.stop() });
});

const onRedis = (extra: Record<string, unknown> = {}) => ({ redis: redis.url, lockDurationMs: 2_000, ...extra });

/** A fetch that never answers URLs `held(url)` picks (until the request's own timeout). */
function silentFetch(held: (url: string) => boolean): typeof fetch {
  return (input, init) =>
    held(String(input))
      ? new Promise((_, reject) => init?.signal?.addEventListener('abort', () => reject(init.signal!.reason)))
      : fetch(input, init);
}

describe('a relay on Redis', () => {
  it('resolves a call once its change is in Redis; a relay that only accepts leaves delivery to another', async () => {
    const dev = await devServer();
    const web = relayTo(dev, onRedis({ deliver: false }));
    const outcome = await web.order(historyOrder(1));
    expect(outcome.results).toEqual({
      richpanel: { status: 'queued' },
      rfmcube: { status: 'queued' },
      esputnik: { status: 'queued' },
    });
    expect(await web.flush(300)).toEqual({
      pending: 1,
      left: [
        {
          id: outcome.id,
          kind: 'order',
          destinations: [{ name: 'richpanel' }, { name: 'rfmcube' }, { name: 'esputnik' }],
        },
      ],
    });
    expect(dev.events).toEqual([]);

    relayTo(dev, onRedis());
    expect(await web.flush(10_000)).toEqual({ pending: 0, left: [] });
    expect(received(dev).sort()).toEqual([
      'esputnik.contact',
      'esputnik.orderCreated',
      'order',
      'rfmcube.merge_customer',
      'rfmcube.merge_order',
    ]);
  });

  it('shares its memory: a second relay does not merge a customer the first sent, and sends eSputnik the update type', async () => {
    const dev = await devServer();
    const one = relayTo(dev, onRedis());
    const two = relayTo(dev, onRedis());
    await one.order(historyOrder(1));
    await one.flush(10_000);
    await two.order({ ...historyOrder(1), status: 'delivered' });
    expect(await two.flush(10_000)).toEqual({ pending: 0, left: [] });
    expect(dev.rfmcube.requests.map((r) => r.path)).toEqual(['/merge_customer', '/merge_order', '/merge_order']);
    expect(dev.esputnik.events.map((e) => e.eventTypeKey)).toEqual(['orderCreated', 'orderDelivered']);
  });

  it("keeps eSputnik's own limits in Redis: each kind's schedule is shared by every instance, not kept per process", async () => {
    const dev = await devServer();
    const only = { richpanel: undefined, rfmcube: undefined };
    const one = relayTo(dev, onRedis(only));
    await one.order(historyOrder(1));
    expect(await one.flush(10_000)).toEqual({ pending: 0, left: [] });
    // The contact ("rest") and the Generate event ("events") each took their start from a schedule in Redis.
    const base = `${dev.url}/esputnik`;
    const account = rateKeyOf('esputnik', base, ESPUTNIK_KEY);
    const names = sharedNames('cartbeacon');
    const look = redis.client();
    closeAfterTest({ close: async () => void look.disconnect() });
    const next = async (kind: string) => Number(await look.get(names.rate(`${account} ${kind}`)));
    const [rest, events] = [await next('rest'), await next('events')];
    expect(rest).toBeGreaterThan(0);
    expect(events).toBeGreaterThan(0);
    // A second instance's event starts after the first's on that same schedule.
    const two = relayTo(dev, onRedis(only));
    await two.order({ ...historyOrder(1), status: 'delivered' });
    expect(await two.flush(10_000)).toEqual({ pending: 0, left: [] });
    expect(await next('events')).toBeGreaterThan(events);
    expect(dev.esputnik.events.map((e) => e.eventTypeKey)).toEqual(['orderCreated', 'orderDelivered']);
  });

  it('erases by id through another relay, which finds the customer in the shared memory and forgets them', async () => {
    const dev = await devServer();
    const only = { richpanel: undefined, esputnik: undefined };
    const one = relayTo(dev, onRedis(only));
    const two = relayTo(dev, onRedis(only));
    await one.order(historyOrder(11));
    await one.flush(10_000);
    await two.deleteCustomer({ id: 'c1' });
    await two.flush(10_000);
    await one.order(historyOrder(11));
    expect(await one.flush(10_000)).toEqual({ pending: 0, left: [] });
    expect(dev.rfmcube.requests.map((r) => [r.path, r.status])).toEqual([
      ['/merge_customer', 200],
      ['/merge_order', 200],
      ['/delete_customer', 200],
      ['/merge_customer', 200],
      ['/merge_order', 200],
    ]);
  });

  it('reports each delivery to the relay that made it, and lists a refused change in Redis', async () => {
    const dev = await devServer({ esputnik: { maxEventBytes: 200 } });
    const reports: DeliveryReport[] = [];
    const relay = relayTo(dev, onRedis({ onDelivery: (r: DeliveryReport) => reports.push(r) }));
    const { id } = await relay.order(historyOrder(1));
    await relay.flush(10_000);
    expect(reports).toHaveLength(3);
    expect(reports).toContainEqual({
      id,
      kind: 'order',
      destination: 'esputnik',
      result: expect.objectContaining({ status: 'rejected' }),
      willRetry: false,
    });
    const client = redis.client();
    const lines = await client.lrange('cartbeacon:~relay:rejected', 0, -1);
    client.disconnect();
    expect(lines.map((line) => JSON.parse(line))).toEqual([
      expect.objectContaining({
        id,
        kind: 'order',
        destination: 'esputnik',
        reason: expect.stringMatching(/status 413/),
        change: historyOrder(1),
      }),
    ]);
  });

  it('keeps what a destination that is down did not take, says why in flush(), and delivers it when it is back', async () => {
    const dev = await devServer();
    const net = switchableFetch((url) => url.includes('/rfmcube/'));
    const reports: DeliveryReport[] = [];
    const relay = relayTo(
      dev,
      onRedis({ fetch: net.fetch, maxAttempts: 2, onDelivery: (r: DeliveryReport) => reports.push(r) }),
    );
    const first = await relay.order(historyOrder(1));
    const second = await relay.order({ ...historyOrder(1), status: 'delivered' });
    expect(await relay.flush(20_000)).toEqual({
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
    const rfmcube = reports.filter((r) => r.destination === 'rfmcube');
    expect(rfmcube.length).toBeGreaterThanOrEqual(1);
    expect(rfmcube).toEqual(rfmcube.map(() => expect.objectContaining({ id: first.id, willRetry: true })));

    net.state.down = false;
    expect(await relay.flush(20_000)).toEqual({ pending: 0, left: [] });
    expect(dev.rfmcube.requests.map((r) => r.path)).toEqual(['/merge_customer', '/merge_order', '/merge_order']);
    expect(dev.rfmcube.customers.get('shopper1@example.com')?.orders.get('order-1')).toMatchObject({
      status: 'delivered',
    });
    expect(dev.requests).toHaveLength(2);
    // The contact once (remembered), then both events.
    expect(dev.esputnik.requests.map((r) => r.path)).toEqual(['/api/v1/contact', '/api/v1/event', '/api/v1/event']);
  });

  it('returns from flush(timeoutMs) by its deadline while a destination does not answer', async () => {
    const dev = await devServer();
    // close() waits for the request on the wire: its timeout bounds that.
    const relay = relayTo(dev, onRedis({ fetch: silentFetch((url) => url.includes('/esputnik/')), timeoutMs: 1_000 }));
    const { id } = await relay.order(historyOrder(1));
    const started = Date.now();
    const flushed = await relay.flush(500);
    const took = Date.now() - started;
    expect(took).toBeGreaterThanOrEqual(490);
    expect(took).toBeLessThan(5_000);
    expect(flushed).toEqual({ pending: 1, left: [{ id, kind: 'order', destinations: [{ name: 'esputnik' }] }] });
  });

  it('hands a change in flight back at close(): another relay delivers it without waiting for the lock to expire', async () => {
    const dev = await devServer();
    const leaving = createRelay({
      ...destinationsAt(dev.url),
      ...onRedis({ lockDurationMs: 60_000 }),
      fetch: silentFetch((url) => url.includes('/esputnik/')),
      timeoutMs: 300,
      backoffBaseMs: 5,
    });
    await leaving.order(historyOrder(1));
    await new Promise((resolve) => setTimeout(resolve, 200));
    await leaving.close();
    expect(dev.esputnik.events).toEqual([]);
    const staying = relayTo(dev, onRedis({ lockDurationMs: 60_000 }));
    const started = Date.now();
    while (received(dev).length < 5 && Date.now() - started < 10_000)
      await new Promise((resolve) => setTimeout(resolve, 50));
    expect(Date.now() - started).toBeLessThan(10_000);
    await new Promise((resolve) => setTimeout(resolve, 200));
    await staying.close();
    // Each once: what the leaving relay had finished (or had sent of an order) is not sent again.
    expect(received(dev).sort()).toEqual([
      'esputnik.contact',
      'esputnik.orderCreated',
      'order',
      'rfmcube.merge_customer',
      'rfmcube.merge_order',
    ]);
  });

  it('refuses wrong options, naming them', () => {
    const base = destinationsAt('http://127.0.0.1:9');
    expect(() => createRelay({ ...base, redis: 'localhost:6379' })).toThrow(/`redis` must be a URL such as redis:\/\//);
    expect(() => createRelay({ ...base, redis: redis.url, outbox: '/tmp/x' })).toThrow(/`outbox` .* or `redis`/);
    expect(() => createRelay({ ...base, deliver: false })).toThrow(/`deliver` is for a relay on Redis/);
    expect(() => createRelay({ ...base, redis: redis.url, lockDurationMs: 10 })).toThrow(RelayError);
    expect(() => createRelay({ ...base, redis: redis.url, redisPrefix: 'a b' })).toThrow(/`redisPrefix`/);
  });

  it('rejects a call with RelayError when Redis cannot be reached, and refuses calls after close', async () => {
    const dev = await devServer();
    await redis.stop();
    const relay = relayTo(dev, {
      redis: { host: '127.0.0.1', port: redis.port, connectTimeout: 500 },
    });
    await expect(relay.order(historyOrder(1))).rejects.toThrow(/cannot write the change to Redis/);
    await relay.close();
    await expect(relay.order(historyOrder(1))).rejects.toThrow(/the relay is closed/);
  });
});
