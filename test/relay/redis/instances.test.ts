// Several relay processes on one Redis (a real redis-server per test) against the dev server's
// Rfmcube emulator, which answers 429 past 60 requests a window: together they keep one pace per
// account, deliver every change once (beyond a retry of a request left unanswered), lose nothing
// when one is SIGKILLed mid-request, and keep a customer's erasure after their orders even while
// those are being retried, whichever instance accepted each.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it, onTestFinished } from 'vitest';
import { historyOrder } from '../../sync/destinations/fixture.js';
import { WINDOW_MS, devServer } from '../helpers.js';
import { type Change, Instance, MULTI_PROCESS_TIMEOUT_MS, customer, eventually, relayOptions } from './instances.js';
import { type RedisServer, startRedis } from './redis-server.js';

let redis: RedisServer | undefined;
afterEach(async () => {
  await redis?.stop();
  redis = undefined;
});

/**
 * The pace test's "minute", on the emulator and the relays alike, and the relays' rate in it. On a
 * loaded two-core machine the processes' timers and the emulator's own event loop run late by up to
 * half a second, and the emulator then stamps several requests at once: at 55 in 3 s (54 ms apart)
 * that bunched six past the emulator's 60. 45 leaves 15 requests (a second) of slack, as the real
 * minute's 55 of 60 leaves five seconds. Four processes pacing on their own would send 180 in it.
 */
const PACE_WINDOW_MS = 3 * WINDOW_MS;
const PACE_RATE = 45;

describe('relay processes sharing one Redis', () => {
  it(
    'deliver 200 customer merges from four processes together, each once, with no 429 from Rfmcube',
    async () => {
      redis = await startRedis();
      const dev = await devServer({ rfmcube: { windowMs: PACE_WINDOW_MS } });
      const relay = { ...relayOptions(dev.url, redis.url, PACE_WINDOW_MS), ratePerMinute: { rfmcube: PACE_RATE } };
      const instances = [0, 1, 2, 3].map(
        (n) => new Instance({ relay, changes: Array.from({ length: 50 }, (_, i) => customer(n * 50 + i + 1)) }),
      );
      await Promise.all(instances.map((instance) => instance.acceptedAll()));
      const flushed = await Promise.all(instances.map((instance) => instance.flush()));
      expect(flushed).toEqual(instances.map(() => ({ pending: 0, left: [] })));

      const requests = dev.rfmcube.requests;
      expect(requests.filter((r) => r.status === 429)).toEqual([]);
      expect(requests.map((r) => `${r.path} ${r.status}`)).toEqual(requests.map(() => '/merge_customer 200'));
      expect(dev.rfmcube.customers.size).toBe(200);
      // The four together, not one alone: every process delivered some (each reports what it delivered).
      const reports = () => instances.flatMap((i) => i.deliveries());
      await eventually(
        () => reports().length === 200,
        () => reports().length,
      );
      for (const instance of instances) expect(instance.deliveries().length).toBeGreaterThan(0);
      // Under the emulator's 60 a window by the relays' shared pace, not by its refusals.
      const times = requests.map((r) => r.at);
      for (const [i, at] of times.entries())
        expect(
          times.filter((t) => t > at - PACE_WINDOW_MS && t <= at).length,
          `window ending ${i}`,
        ).toBeLessThanOrEqual(60);
    },
    MULTI_PROCESS_TIMEOUT_MS,
  );

  it(
    'loses nothing when one is SIGKILLed with changes mid-request: another delivers them',
    async () => {
      redis = await startRedis();
      const dev = await devServer();
      const relay = relayOptions(dev.url, redis.url);
      const doomed = new Instance({
        relay,
        changes: Array.from({ length: 12 }, (_, i) => customer(i + 1)),
        hold: '/merge_customer',
      });
      // It accepted all 12 and has requests on the wire that will never be answered.
      await doomed.acceptedAll();
      await doomed.until((ms) => ms.filter((m) => m.held).length >= 4);
      const accepted = doomed.accepted();
      await doomed.crash();
      const held = doomed.messages.filter((m) => m.held).length;

      const others = [0, 1].map((n) => new Instance({ relay, changes: [customer(100 + n)] }));
      await Promise.all(others.map((instance) => instance.acceptedAll()));
      // The held changes come back to the queue once the dead process's locks expire.
      const delivered = () => others.flatMap((o) => o.deliveries()).filter((d) => accepted.includes(d.id));
      await eventually(
        () => delivered().length >= accepted.length,
        () => delivered(),
      );
      expect(dev.rfmcube.customers.size).toBe(14);
      expect(delivered().map((d) => d.status)).toEqual(accepted.map(() => 'sent'));
      // Once each, but for the requests the killed process had sent and never heard back from.
      const merges = dev.rfmcube.requests.filter((r) => r.path === '/merge_customer');
      expect(merges.length).toBeGreaterThanOrEqual(14);
      expect(merges.length).toBeLessThanOrEqual(14 + held);
      await Promise.all(others.map((instance) => instance.close()));
    },
    MULTI_PROCESS_TIMEOUT_MS,
  );

  it(
    'erases 20 customers, each ordered through one process and erased through another while the orders are retried',
    async () => {
      redis = await startRedis();
      const dev = await devServer();
      // Room for every change at once: only the relay's order can keep an erasure from overtaking its orders.
      const relay = { ...relayOptions(dev.url, redis.url), concurrency: 32 };
      const orders: Change[] = Array.from({ length: 20 }, (_, i) => ({
        kind: 'order',
        value: historyOrder(i + 1, 1000),
      }));
      const erasures: Change[] = Array.from({ length: 20 }, (_, i) => ({
        kind: 'delete',
        value: { email: `shopper${i + 1}@example.com` },
      }));
      // Rfmcube answers merge_order 503 (Retry-After: 1) while this file exists: the orders are retried.
      const outage = join(mkdtempSync(join(tmpdir(), 'cartbeacon-outage-')), 'down');
      writeFileSync(outage, '');
      onTestFinished(() => rmSync(dirname(outage), { recursive: true, force: true }));
      const fail = { pattern: '/merge_order', whileFile: outage };
      const shop = new Instance({ relay, changes: orders, fail });
      await shop.acceptedAll();
      const privacy = new Instance({ relay, changes: erasures, fail });
      await privacy.acceptedAll();
      const results = () => shop.deliveries().concat(privacy.deliveries());
      // Every erasure accepted, and orders failing, kept for another try: only then is Rfmcube back.
      await eventually(
        () => results().some((d) => d.kind === 'order' && d.willRetry),
        () => results(),
      );
      expect(results().filter((d) => d.kind === 'delete')).toEqual([]);
      rmSync(outage);
      await eventually(
        () => results().filter((d) => !d.willRetry).length === 40,
        () => results(),
      );
      expect(dev.rfmcube.customers.size).toBe(0);
      for (let i = 1; i <= 20; i++) {
        const email = `shopper${i}@example.com`;
        const about = dev.events.filter(
          (e) => e.name.startsWith('rfmcube.') && JSON.stringify(e.event.body).includes(`"${email}"`),
        );
        expect(
          about.map((e) => e.name),
          email,
        ).toEqual(['rfmcube.merge_customer', 'rfmcube.merge_order', 'rfmcube.delete_customer']);
      }
      await Promise.all([shop.close(), privacy.close()]);
    },
    MULTI_PROCESS_TIMEOUT_MS,
  );
});
