// One change to one destination, outside any history file (what a relay does per call).
import { afterEach, describe, expect, it } from 'vitest';
import { startCollector as startDevServer, type RunningCollector } from '../../src/collector/index.js';
import { requestContext } from '../../src/delivery/context.js';
import { deliverChange } from '../../src/sync/deliver-change.js';
import { esputnik } from '../../src/sync/destinations/esputnik/descriptor.js';
import { rfmcube } from '../../src/sync/destinations/rfmcube/descriptor.js';
import { richpanel } from '../../src/sync/destinations/richpanel/descriptor.js';
import { startCollector, type TestCollector } from '../server/collector.js';
import { historyOrder } from './destinations/fixture.js';

const run = { dryRun: false, now: 1_700_000_000_000 };
const ctx = () => requestContext({ backoffBaseMs: 1, maxAttempts: 2 });
const open: Array<TestCollector | RunningCollector> = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((c) => c.close()));
});

describe('deliverChange', () => {
  it('sends an order to Richpanel, a repeat as a duplicate and a changed order as a new event', async () => {
    const collector = await startCollector('s');
    open.push(collector);
    const destination = richpanel.create({ apiKey: 'k', secret: 's', host: collector.host }, run);
    const order = historyOrder(1);
    expect(await deliverChange(destination, order, ctx())).toEqual({ status: 'sent', retried: 0, duplicate: false });
    expect(await deliverChange(destination, { ...order }, ctx())).toEqual({
      status: 'sent',
      retried: 0,
      duplicate: true,
    });
    expect(await deliverChange(destination, { ...order, status: 'delivered' }, ctx())).toMatchObject({
      status: 'sent',
      duplicate: false,
    });
    expect([...collector.events.values()].map((e) => e.properties?.status)).toEqual(['processing', 'delivered']);
  });

  it('rejects a change a destination cannot take, naming every field, without a request', async () => {
    const collector = await startCollector('s');
    open.push(collector);
    const destination = richpanel.create({ apiKey: 'k', secret: 's', host: collector.host }, run);
    expect(await deliverChange(destination, { orderId: 'x', items: [{}] }, ctx())).toEqual({
      status: 'rejected',
      reason:
        'order "x" cannot be sent to Richpanel: amount is missing; items[0].quantity is missing; items[0].price is missing',
      retried: 0,
    });
    expect(collector.requests).toBe(0);
  });

  it('reports a destination that is down as failed, never throwing', async () => {
    const collector = await startCollector('s');
    const host = collector.host;
    await collector.close();
    const destination = richpanel.create({ apiKey: 'k', secret: 's', host }, run);
    const result = await deliverChange(destination, historyOrder(1), ctx());
    expect(result).toMatchObject({ status: 'failed', retried: 1 });
    expect(result.status === 'failed' && result.reason).toMatch(/^Network error: POST .*gave up after 2 attempts/);
  });

  it('sends an order to Rfmcube and eSputnik with the same descriptors the history sync uses', async () => {
    const dev = await startDevServer({ rfmcube: { apiKey: 'r', pollsToComplete: 1 }, esputnik: { apiKey: 'e' } });
    open.push(dev);
    const order = historyOrder(3);
    const toRfmcube = rfmcube.create({ apiKey: 'r', baseUrl: `${dev.url}/rfmcube/v1`, pollIntervalMs: 5 }, run);
    const toEsputnik = esputnik.create({ apiKey: 'e', baseUrl: `${dev.url}/esputnik`, pollIntervalMs: 5 }, run);
    expect(await deliverChange(toRfmcube, order, ctx())).toMatchObject({ status: 'sent' });
    expect(await deliverChange(toEsputnik, order, ctx())).toMatchObject({ status: 'sent' });
    expect(dev.rfmcube.customers.get('shopper3@example.com')?.orders.has('order-3')).toBe(true);
    // The history's eSputnik destination: the order's contact imported (and finished), then Add orders.
    expect(dev.esputnik.requests.map((r) => r.path.replace(/importstatus\/.*/, 'importstatus'))).toEqual([
      '/api/v1/contacts',
      '/api/v1/importstatus',
      '/api/v1/importstatus',
      '/api/v1/orders',
    ]);
    expect(dev.esputnik.orders.get('order-3')).toMatchObject({ status: 'DELIVERED', totalCost: 59.97, contactId: 1 });
    expect(await deliverChange(toEsputnik, { ...order, status: 'teleported' }, ctx())).toMatchObject({
      status: 'rejected',
      reason: expect.stringMatching(/status "teleported" has no eSputnik status/),
    });
  });
});
