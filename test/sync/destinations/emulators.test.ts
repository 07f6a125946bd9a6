import { afterEach, describe, expect, it } from 'vitest';
import { startCollector, type CollectorOptions, type RunningCollector } from '../../../src/collector/index.js';
import { rfmcubeImport, toRfmcubeCustomer } from '../../../src/sync/destinations/rfmcube/map.js';
import { fixtureOrder, historyOrder } from './fixture.js';

const running: RunningCollector[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((c) => c.close()));
});
async function start(options: CollectorOptions = {}): Promise<RunningCollector> {
  const c = await startCollector(options);
  running.push(c);
  return c;
}

const rfm = (c: RunningCollector, path: string, body?: unknown, key = 'rfm-key') =>
  fetch(`${c.url}/rfmcube/v1${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json', 'api-key': key },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
const importOf = (...orders: Record<string, unknown>[]) => rfmcubeImport(orders.map((o) => toRfmcubeCustomer(o)));

describe('Rfmcube emulator', () => {
  it('answers an import with a processId whose status progresses to completed, then holds the customers', async () => {
    const c = await start({ rfmcube: { pollsToComplete: 3 } });
    const res = await rfm(c, '/import', importOf(historyOrder(1), historyOrder(2), historyOrder(11)));
    expect(res.status).toBe(200);
    const { processId } = (await res.json()) as { processId: string };
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push(await (await rfm(c, `/processes/${processId}`)).json());
    expect(statuses.map((s) => [s.status, s.data.processedOrders, s.data.totalOrders])).toEqual([
      ['processing', 1, 3],
      ['processing', 2, 3],
      ['completed', 3, 3],
      ['completed', 3, 3],
    ]);
    expect(statuses[0]).toMatchObject({ type: 'import', data: { totalCustomers: 2 } });
    expect([...c.rfmcube.customers.keys()]).toEqual(['shopper1@example.com', 'shopper2@example.com']);
    expect([...c.rfmcube.customers.get('shopper1@example.com')!.orders.keys()]).toEqual(['order-1', 'order-11']);
    expect(c.events.map((e) => [e.name, e.transport])).toEqual([['rfmcube.import', 'rfmcube']]);
    expect((await rfm(c, '/processes/nope')).status).toBe(404);
  });

  it('answers 401 without a key, 406 for a connector not of the API type, 400 naming invalid fields', async () => {
    const c = await start({ rfmcube: { apiKey: 'rfm-key' } });
    expect((await rfm(c, '/import', importOf(fixtureOrder()), '')).status).toBe(401);
    expect((await rfm(c, '/import', importOf(fixtureOrder()), 'other')).status).toBe(401);
    expect((await rfm(c, '/import', importOf(fixtureOrder()), 'not-an-api-connector')).status).toBe(406);
    const bad = await rfm(c, '/import', {
      customers: [
        {
          email: 'x',
          createdAt: '2020-01-01 10:00',
          updatedAt: '2020-01-01T10:00:00Z',
          orders: [{ id: 1, amount: '3' }],
        },
      ],
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { errors: string[] }).errors).toEqual([
      "customers[0].email is required (the customer's primary key)",
      'customers[0].createdAt must be ISO-8601 UTC like 2020-01-01T13:06:39Z',
      'customers[0].orders[0].createdAt must be ISO-8601 UTC like 2020-01-01T13:06:39Z',
      'customers[0].orders[0].updatedAt must be ISO-8601 UTC like 2020-01-01T13:06:39Z',
      'customers[0].orders[0].amount must be a number',
    ]);
  });

  it('answers 429 with Retry-After past its requests-per-window, and 416 past its body limit', async () => {
    const c = await start({ rfmcube: { maxRequests: 3, windowMs: 60_000, maxBodyBytes: 2_000 } });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await rfm(c, '/processes/x')).status);
    expect(statuses).toEqual([404, 404, 404, 429]);
    const limited = await rfm(c, '/processes/x');
    expect([limited.status, Number(limited.headers.get('retry-after'))]).toEqual([429, expect.any(Number)]);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(50);

    const d = await start({ rfmcube: { maxBodyBytes: 2_000 } });
    const big = importOf(...Array.from({ length: 10 }, (_, i) => historyOrder(i)));
    expect(JSON.stringify(big).length).toBeGreaterThan(2_000);
    expect((await rfm(d, '/import', big)).status).toBe(416);
    expect((await rfm(d, '/import', importOf(historyOrder(1)))).status).toBe(200);
  });

  it("answers 416 past 50 MB by default: the Italian API page's limit, smaller than the English page's 200 MB", async () => {
    const c = await start({ rfmcube: { pollsToComplete: 1 } });
    // Valid customers, one order each, up to just over 50,000,000 bytes.
    const one = JSON.stringify(toRfmcubeCustomer(historyOrder(1)));
    const parts: string[] = [];
    let size = 64;
    for (let n = 0; size <= 50_000_000; n++) {
      const part = one.replaceAll('shopper1@example.com', `s${n}@example.com`).replaceAll('"order-1"', `"o-${n}"`);
      parts.push(part);
      size += part.length + 1;
    }
    const body = `{"overwriteDescriptors":false,"customers":[${parts.join(',')}]}`;
    expect(Buffer.byteLength(body)).toBeGreaterThan(50_000_000);
    expect(Buffer.byteLength(body)).toBeLessThan(51_000_000);
    const res = await fetch(`${c.url}/rfmcube/v1/import`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'api-key': 'rfm-key' },
      body,
    });
    expect(res.status).toBe(416);
    expect(c.rfmcube.processes.size).toBe(0);
  });

  it('merges and deletes single customers and orders', async () => {
    const c = await start();
    const customer = toRfmcubeCustomer(historyOrder(1));
    const { orders, ...person } = customer;
    expect(
      (
        await rfm(c, '/merge_order', {
          triggerIntegrations: false,
          order: { ...orders[0], customerEmail: person.email },
        })
      ).status,
    ).toBe(404);
    expect((await rfm(c, '/merge_customer', { triggerIntegrations: false, customer: person })).status).toBe(200);
    expect(
      (
        await rfm(c, '/merge_order', {
          triggerIntegrations: false,
          order: { ...orders[0], customerEmail: person.email, customerId: person.id },
        })
      ).status,
    ).toBe(200);
    expect(c.rfmcube.customers.get(person.email)!.orders.size).toBe(1);
    const deleted = await rfm(c, '/delete_customer', { email: person.email });
    expect(await deleted.json()).toEqual({ status: 'ok', deletedOrders: 1 });
    expect(c.rfmcube.customers.size).toBe(0);
  });

  it('deletes a customer by id, by e-mail or by both, and asks for one of them', async () => {
    const c = await start();
    const merge = (n: number) => {
      const { orders: _orders, ...person } = toRfmcubeCustomer(historyOrder(n));
      return rfm(c, '/merge_customer', { triggerIntegrations: false, customer: person });
    };
    await merge(1);
    await merge(2);
    await merge(3);
    const missing = await rfm(c, '/delete_customer', {});
    expect([missing.status, await missing.json()]).toEqual([
      400,
      { error: 'invalid request', errors: ['give the customer’s id, email or both'] },
    ]);
    expect((await rfm(c, '/delete_customer', { id: 'c1' })).status).toBe(200);
    expect((await rfm(c, '/delete_customer', { id: 'c2', email: 'shopper3@example.com' })).status).toBe(404);
    expect((await rfm(c, '/delete_customer', { id: 'c2', email: 'SHOPPER2@example.com' })).status).toBe(200);
    expect((await rfm(c, '/delete_customer', { email: 'shopper3@example.com' })).status).toBe(200);
    expect(c.rfmcube.customers.size).toBe(0);
    expect(c.events.filter((e) => e.name === 'rfmcube.delete_customer').map((e) => e.event.properties)).toEqual([
      { name: 'shopper1@example.com · deleted with 0 orders' },
      { name: 'shopper2@example.com · deleted with 0 orders' },
      { name: 'shopper3@example.com · deleted with 0 orders' },
    ]);
  });
});
