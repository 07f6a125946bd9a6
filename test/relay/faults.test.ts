// The relay when destinations misbehave: one down while the others deliver, 429 with Retry-After,
// Rfmcube's 60 a minute shared by every call of the process (a history sync's polls included),
// a refusal, and close() during retries.
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { createRelay } from '../../src/relay/index.js';
import type { DeliveryReport } from '../../src/relay/types.js';
import { syncHistory } from '../../src/sync/sync.js';
import { historyLines, historyOrder } from '../sync/destinations/fixture.js';
import { RFMCUBE_KEY, destinationsAt, devServer, relayTo } from './helpers.js';

/** A port nothing listens on (connection refused). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const customerOf = (n: number) => ({ id: `c${n}`, email: `person${n}@example.com`, createdAt: 1_700_000_000_000 });

describe('one destination down or refusing', () => {
  it('delivers to eSputnik while Richpanel answers 503 to everything and Rfmcube refuses connections', async () => {
    const dev = await devServer({ faults: { status: 503 } });
    const port = await closedPort();
    const reports: Array<DeliveryReport & { at: number }> = [];
    const relay = relayTo(dev, {
      rfmcube: { apiKey: RFMCUBE_KEY, baseUrl: `http://127.0.0.1:${port}/rfmcube/v1` },
      backoffBaseMs: 100,
      maxAttempts: 4,
      onDelivery: (report) => reports.push({ ...report, at: Date.now() }),
    });
    const outcome = await relay.order(historyOrder(1));
    expect(outcome.results).toEqual({
      richpanel: {
        status: 'failed',
        reason: expect.stringMatching(/^Request failed with status 503: POST .*\/v2\/bt .*gave up after 4 attempts/),
        retried: 3,
      },
      rfmcube: {
        status: 'failed',
        reason: expect.stringMatching(
          /^Network error: POST .*\/merge_customer \(.*ECONNREFUSED.*gave up after 4 attempts/,
        ),
        retried: 3,
      },
      esputnik: { status: 'sent', retried: 0, duplicate: false, requests: ['contact', 'orderCreated'] },
    });
    expect(dev.esputnik.orders.has('order-1')).toBe(true);
    expect(dev.requests.filter((r) => r.status === 503)).toHaveLength(4);
    // eSputnik was done while the other two were still retrying (their backoff alone is ≥ 350 ms).
    expect(reports.map((r) => r.destination)[0]).toBe('esputnik');
    const done = Object.fromEntries(reports.map((r) => [r.destination, r.at]));
    expect(done.richpanel! - done.esputnik!).toBeGreaterThanOrEqual(100);
    expect(done.rfmcube! - done.esputnik!).toBeGreaterThanOrEqual(100);
  });

  it('reports a refusal as rejected for that destination only (413: too large even alone)', async () => {
    const dev = await devServer({ esputnik: { maxEventBytes: 200 } });
    const relay = relayTo(dev);
    const { results } = await relay.order(historyOrder(1));
    expect(results.esputnik).toEqual({
      status: 'rejected',
      reason: expect.stringMatching(/^Request failed with status 413: POST .*the event is too large even alone$/),
      retried: 0,
    });
    expect(results.richpanel?.status).toBe('sent');
    expect(results.rfmcube?.status).toBe('sent');
  });

  it('resolves calls still retrying as failed when the relay is closed', async () => {
    const dev = await devServer({ faults: { status: 503 } });
    const relay = relayTo(dev, { rfmcube: undefined, esputnik: undefined, backoffBaseMs: 60_000, maxAttempts: 10 });
    const call = relay.order(historyOrder(1));
    while (dev.requests.length === 0) await new Promise((r) => setTimeout(r, 5));
    await relay.close();
    // The collector has the request; whether the relay has read its 503 yet (retried 1) or not (0)
    // depends on the machine's load. Either way the call resolves as interrupted, not hanging.
    const { richpanel } = (await call).results;
    expect(richpanel).toEqual({ status: 'failed', reason: 'interrupted', retried: expect.any(Number) });
    expect((richpanel as { retried: number }).retried).toBeLessThanOrEqual(1);
  });
});

describe('Rfmcube pacing', () => {
  it('waits as a 429 Retry-After says, then delivers', async () => {
    const dev = await devServer({ rfmcube: { maxRequests: 2, windowMs: 1_500 } });
    const relay = relayTo(dev, {
      richpanel: undefined,
      esputnik: undefined,
      ratePerMinute: { rfmcube: 6_000 },
      rateWindowMs: 60_000,
    });
    const outcomes = await Promise.all([1, 2, 3].map((n) => relay.customer(customerOf(n))));
    expect(outcomes.map((o) => o.results.rfmcube?.status)).toEqual(['sent', 'sent', 'sent']);
    expect(outcomes.reduce((n, o) => n + (o.results.rfmcube as { retried: number }).retried, 0)).toBe(1);
    const statuses = dev.rfmcube.requests.map((r) => r.status);
    expect(statuses).toEqual([200, 200, 429, 200]);
    const [, , limited, again] = dev.rfmcube.requests;
    // Retry-After was 1 or 2 seconds; the relay's own backoff would have been 5 ms.
    expect(again!.at - limited!.at).toBeGreaterThanOrEqual(950);
    expect(dev.rfmcube.customers.size).toBe(3);
  });

  it('paces more than 60 merges in a minute so that none is refused', async () => {
    const windowMs = 2_000;
    const dev = await devServer({ rfmcube: { maxRequests: 60, windowMs } });
    const relay = relayTo(dev, { richpanel: undefined, esputnik: undefined, rateWindowMs: windowMs });
    const outcomes = await Promise.all(Array.from({ length: 70 }, (_, i) => relay.customer(customerOf(i))));
    expect(outcomes.every((o) => o.results.rfmcube?.status === 'sent')).toBe(true);
    expect(dev.rfmcube.requests.filter((r) => r.status !== 200)).toEqual([]);
    expect(dev.rfmcube.customers.size).toBe(70);
    // 55 a "minute": 70 requests take more than one window.
    const times = dev.rfmcube.requests.map((r) => r.at);
    expect(times.at(-1)! - times[0]!).toBeGreaterThanOrEqual(windowMs * 0.9);
  });

  it('shares the 60 a minute with a history sync to the same account in the same process (its polls included)', async () => {
    const windowMs = 2_000;
    const dev = await devServer({ rfmcube: { maxRequests: 60, windowMs, pollsToComplete: 2 } });
    const rfmcube = { ...destinationsAt(dev.url).rfmcube!, ordersPerImport: 1, pollIntervalMs: 5 };
    const relay = relayTo(dev, { richpanel: undefined, esputnik: undefined, rfmcube, rateWindowMs: windowMs });
    const [summary, outcomes] = await Promise.all([
      syncHistory(historyLines(20, 20), {
        destination: 'rfmcube',
        rfmcube,
        rateWindowMs: windowMs,
        backoffBaseMs: 5,
      }),
      Promise.all(Array.from({ length: 40 }, (_, i) => relay.customer(customerOf(100 + i)))),
    ]);
    expect(summary).toMatchObject({ sent: 20, failed: 0, rejected: 0 });
    expect(outcomes.every((o) => o.results.rfmcube?.status === 'sent')).toBe(true);
    expect(dev.rfmcube.requests.filter((r) => r.status === 429)).toEqual([]);
    expect(dev.rfmcube.requests.filter((r) => r.path.startsWith('/processes/')).length).toBeGreaterThanOrEqual(40);
  });
});

describe('createRelay alone', () => {
  it('works with a single destination and reports no others', async () => {
    const dev = await devServer();
    const relay = createRelay({ esputnik: destinationsAt(dev.url).esputnik! });
    expect((await relay.order(historyOrder(2))).results).toEqual({
      esputnik: { status: 'sent', retried: 0, duplicate: false, requests: ['contact', 'orderCreated'] },
    });
    await relay.close();
  });
});
