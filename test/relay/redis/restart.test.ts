// What a relay on Redis keeps across crashes: every relay process SIGKILLed (changes in flight,
// queued and held back by their order), then one started, delivers all of it in order; and Redis
// itself killed and restarted (AOF, appendfsync always) loses no change a call had resolved for.
import { afterEach, describe, expect, it } from 'vitest';
import { historyOrder } from '../../sync/destinations/fixture.js';
import { devServer } from '../helpers.js';
import { Instance, MULTI_PROCESS_TIMEOUT_MS, customer, eventually, relayOptions } from './instances.js';
import { type RedisServer, startRedis } from './redis-server.js';

let redis: RedisServer | undefined;
afterEach(async () => {
  await redis?.stop();
  redis = undefined;
});

describe('a relay on Redis after crashes', () => {
  it(
    'delivers everything, in order, when every process was SIGKILLed and one is started',
    async () => {
      redis = await startRedis();
      const dev = await devServer();
      const relay = relayOptions(dev.url, redis.url);
      // Three processes; none gets an answer from Rfmcube (their requests are on the wire when they die).
      const first = new Instance({
        relay,
        changes: [{ kind: 'order', value: historyOrder(1, 1000) }, ...[11, 12, 13, 14].map(customer)],
        hold: '.',
      });
      await first.acceptedAll();
      // Accepted before the erasure below (after it, they would all wait behind it): in flight when killed.
      const third = new Instance({ relay, changes: [31, 32, 33, 34, 35, 36].map(customer), hold: '.' });
      await third.acceptedAll();
      await eventually(
        () => [first, third].every((i) => i.messages.some((m) => m.held)),
        () => [first.messages.length, third.messages.length],
      );
      // The erasure waits for the order held in `first`, and holds back what the second process accepts after it.
      const second = new Instance({
        relay,
        changes: [{ kind: 'delete', value: { email: 'shopper1@example.com' } }, ...[21, 22, 23, 24].map(customer)],
        hold: '.',
      });
      await second.acceptedAll();
      const accepted = [first, second, third].flatMap((i) => i.accepted());
      await Promise.all([first.crash(), second.crash(), third.crash()]);
      expect(dev.rfmcube.requests.filter((r) => r.status === 200).length).toBeLessThan(accepted.length);

      const next = new Instance({ relay });
      const delivered = () => next.deliveries().filter((d) => accepted.includes(d.id));
      await eventually(
        () => delivered().length === accepted.length,
        () => delivered(),
      );
      expect(delivered().map((d) => d.status)).toEqual(accepted.map(() => 'sent'));
      // Every customer but the erased one, and the erasure after the order that merged them.
      expect([...dev.rfmcube.customers.keys()].sort()).toEqual(
        [11, 12, 13, 14, 21, 22, 23, 24, 31, 32, 33, 34, 35, 36].map((i) => `shopper${i}@example.com`).sort(),
      );
      const about = dev.events
        .filter((e) => JSON.stringify(e.event.body).includes('"shopper1@example.com"'))
        .map((e) => e.name);
      expect(about.at(-1)).toBe('rfmcube.delete_customer');
      expect(about.filter((name) => name === 'rfmcube.merge_order').length).toBeGreaterThan(0);
      await next.close();
    },
    MULTI_PROCESS_TIMEOUT_MS,
  );

  it(
    'loses no acknowledged change when Redis is killed and restarted (AOF, appendfsync always)',
    async () => {
      redis = await startRedis({ aof: 'always' });
      const dev = await devServer();
      const relay = relayOptions(dev.url, redis.url);
      // An instance that only accepts: everything it acknowledged is in Redis, nowhere else.
      const web = new Instance({
        relay: { ...relay, deliver: false },
        changes: Array.from({ length: 20 }, (_, i) => customer(i + 1)),
      });
      await web.acceptedAll();
      await redis.stop('SIGKILL');
      await redis.start();
      // The same process goes on once Redis is back (its client reconnects).
      web.send(Array.from({ length: 5 }, (_, i) => customer(i + 21)));
      await web.acceptedAll(2);
      const accepted = web.accepted();
      expect(accepted).toHaveLength(25);

      const worker = new Instance({ relay });
      const delivered = () => worker.deliveries().filter((d) => accepted.includes(d.id));
      await eventually(
        () => delivered().length === 25,
        () => delivered().length,
      );
      expect(dev.rfmcube.customers.size).toBe(25);
      expect(dev.rfmcube.requests.map((r) => r.status)).toEqual(accepted.map(() => 200));
      await Promise.all([web.close(), worker.close()]);
    },
    MULTI_PROCESS_TIMEOUT_MS,
  );
});
