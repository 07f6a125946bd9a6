// createRelay against the dev server's collector and emulators: what each call sends to each
// destination, updates after a create, erasures, and what bad input and bad options throw.
import { describe, expect, it } from 'vitest';
import { RelayError, RelayInputError, createRelay } from '../../src/relay/index.js';
import { toEsputnikEvent } from '../../src/sync/destinations/esputnik/map.js';
import { contentEventId } from '../../src/sync/destinations/richpanel/history-event.js';
import { toRfmcubeCustomer } from '../../src/sync/destinations/rfmcube/map.js';
import { historyOrder } from '../sync/destinations/fixture.js';
import { KEY, bodies, destinationsAt, devServer, relayTo } from './helpers.js';

const order = historyOrder(1); // customer c1, shopper1@example.com, status processing
const customer = {
  id: 'c1',
  email: 'Shopper1@Example.com',
  firstName: 'Ada',
  lastName: 'Lovelace',
  phone: '+44 20 7946 0000',
  createdAt: '2023-01-02T03:04:05Z',
};
const sent = (requests: string[], retried = 0) => ({ status: 'sent', retried, duplicate: false, requests });

describe('relay.order', () => {
  it('sends a signed order event, merge_customer then merge_order, and orderCreated, each as documented', async () => {
    const dev = await devServer();
    const relay = relayTo(dev);
    const outcome = await relay.order(order);
    expect(outcome).toEqual({
      id: expect.any(String),
      kind: 'order',
      results: {
        richpanel: sent(['order']),
        rfmcube: sent(['merge_customer', 'merge_order']),
        esputnik: sent(['contact', 'orderCreated']),
      },
    });

    const [event] = dev.events.filter((e) => e.name === 'order');
    expect(event).toMatchObject({
      id: contentEventId(KEY, 'order', JSON.stringify(order)),
      transport: 'signed',
      identity: { verified: true },
      event: {
        properties: order,
        userProperties: { uid: 'c1', email: 'shopper1@example.com', firstName: 'Test' },
        time: { sentAt: order.createdAt },
      },
    });

    const { orders, ...person } = toRfmcubeCustomer(order);
    expect(bodies(dev, 'rfmcube.merge_customer')).toEqual([{ triggerIntegrations: true, customer: person }]);
    expect(bodies(dev, 'rfmcube.merge_order')).toEqual([
      { triggerIntegrations: true, order: { ...orders[0], customerEmail: 'shopper1@example.com', customerId: 'c1' } },
    ]);
    expect(dev.rfmcube.requests.map((r) => r.path)).toEqual(['/merge_customer', '/merge_order']);
    expect(dev.rfmcube.customers.get('shopper1@example.com')?.orders.get('order-1')).toMatchObject({ amount: 59.97 });

    // eSputnik keeps an event only for a contact it has: the contact first, then the event naming it.
    expect(bodies(dev, 'esputnik.contact')).toEqual([
      { channels: [{ type: 'email', value: 'shopper1@example.com' }], externalCustomerId: 'c1', firstName: 'Test' },
    ]);
    expect(bodies(dev, 'esputnik.orderCreated')).toEqual([toEsputnikEvent(order, { eventType: 'orderCreated' })]);
    expect(dev.esputnik.ignored).toEqual([]);
    expect(dev.esputnik.events.map((e) => [e.eventTypeKey, e.contactId])).toEqual([['orderCreated', 1]]);
    expect(dev.esputnik.contacts.get(1)).toMatchObject({ externalCustomerId: 'c1', email: 'shopper1@example.com' });
    expect(dev.esputnik.orders.get('order-1')).toMatchObject({
      status: 'IN_PROGRESS',
      totalCost: '59.97',
      contactId: 1,
    });
  });

  it('sends an update after a create as a new Richpanel event, merge_order alone, and the eSputnik type its status says', async () => {
    const dev = await devServer();
    const relay = relayTo(dev);
    await relay.order(order);
    const shipped = { ...order, status: 'shipped', updatedAt: (order.createdAt as number) + 3_600_000 };
    expect((await relay.order(shipped)).results).toEqual({
      richpanel: sent(['order']),
      rfmcube: sent(['merge_order']),
      esputnik: sent(['orderUpdated']),
    });
    const delivered = { ...shipped, status: 'delivered' };
    expect((await relay.order(delivered)).results.esputnik).toEqual(sent(['orderDelivered']));
    const cancelled = { ...shipped, status: 'refunded' };
    expect((await relay.order(cancelled)).results.esputnik).toEqual(sent(['orderCancelled']));

    const orderEvents = dev.events.filter((e) => e.name === 'order');
    expect(orderEvents.map((e) => e.event.properties)).toEqual([order, shipped, delivered, cancelled]);
    expect(new Set(orderEvents.map((e) => e.id)).size).toBe(4);
    expect(dev.rfmcube.requests.map((r) => r.path)).toEqual([
      '/merge_customer',
      '/merge_order',
      '/merge_order',
      '/merge_order',
      '/merge_order',
    ]);
    expect(dev.rfmcube.customers.get('shopper1@example.com')?.orders.get('order-1')).toMatchObject({
      status: 'refunded',
      updatedAt: '2023-11-14T23:14:20Z',
    });
    expect(dev.esputnik.events.map((e) => e.eventTypeKey)).toEqual([
      'orderCreated',
      'orderUpdated',
      'orderDelivered',
      'orderCancelled',
    ]);
    expect(dev.esputnik.orders.get('order-1')?.status).toBe('CANCELLED');
  });

  it('sends the same content again under the same eventId, which Richpanel drops as a duplicate', async () => {
    const dev = await devServer();
    const relay = relayTo(dev, { rfmcube: undefined, esputnik: undefined });
    await relay.order(order);
    expect((await relay.order(structuredClone(order))).results.richpanel).toEqual({
      status: 'sent',
      retried: 0,
      duplicate: true,
      requests: ['order'],
    });
    expect(dev.events.filter((e) => e.name === 'order')).toHaveLength(1);
  });

  it('merges a customer again when the same e-mail comes with another name, not when nothing changed', async () => {
    const dev = await devServer();
    const relay = relayTo(dev, { richpanel: undefined, esputnik: undefined });
    await relay.order(order);
    await relay.order(historyOrder(11)); // the same shopper, another order
    await relay.order({ ...historyOrder(21), firstName: 'Tess' });
    expect(dev.rfmcube.requests.map((r) => r.path)).toEqual([
      '/merge_customer',
      '/merge_order',
      '/merge_order',
      '/merge_customer',
      '/merge_order',
    ]);
    expect(dev.rfmcube.customers.get('shopper1@example.com')).toMatchObject({ firstname: 'Tess' });
  });

  it('merges the customer and the order again when Rfmcube no longer has the customer it was sent', async () => {
    const dev = await devServer();
    const relay = relayTo(dev, { richpanel: undefined, esputnik: undefined });
    await relay.order(order);
    dev.rfmcube.customers.clear(); // deleted in Rfmcube's own interface
    expect((await relay.order(historyOrder(11))).results.rfmcube).toEqual(sent(['merge_customer', 'merge_order']));
    expect(dev.rfmcube.requests.map((r) => [r.path, r.status])).toEqual([
      ['/merge_customer', 200],
      ['/merge_order', 200],
      ['/merge_order', 404],
      ['/merge_customer', 200],
      ['/merge_order', 200],
    ]);
    expect([...dev.rfmcube.customers.get('shopper1@example.com')!.orders.keys()]).toEqual(['order-11']);
  });

  it('takes an order as an `order` event with userProperties, the form history lines have', async () => {
    const dev = await devServer();
    const relay = relayTo(dev);
    const { email, customerId, firstName, ...properties } = order;
    const line = { event: 'order', properties, userProperties: { uid: customerId, email, firstName } };
    expect((await relay.order(line)).results).toEqual({
      richpanel: sent(['order']),
      rfmcube: sent(['merge_customer', 'merge_order']),
      esputnik: sent(['contact', 'orderCreated']),
    });
    expect(dev.rfmcube.customers.get('shopper1@example.com')?.orders.has('order-1')).toBe(true);
  });
});

describe('relay.customer', () => {
  it('sends Richpanel an identify event, Rfmcube merge_customer and eSputnik its contact', async () => {
    const dev = await devServer();
    const relay = relayTo(dev);
    const before = Date.now();
    const outcome = await relay.customer(customer);
    expect(outcome.results).toEqual({
      richpanel: sent(['identify']),
      rfmcube: sent(['merge_customer']),
      esputnik: sent(['contact']),
    });
    const [identify] = dev.events.filter((e) => e.name === 'identify');
    const { id, ...fields } = customer;
    expect(identify!.event).toMatchObject({ properties: {}, userProperties: { uid: 'c1', ...fields } });
    expect((identify!.event.time as { sentAt: number }).sentAt).toBeGreaterThanOrEqual(before);
    expect(bodies(dev, 'rfmcube.merge_customer')).toEqual([
      {
        triggerIntegrations: true,
        customer: {
          email: 'shopper1@example.com',
          id: 'c1',
          firstname: 'Ada',
          lastname: 'Lovelace',
          createdAt: '2023-01-02T03:04:05Z',
          updatedAt: '2023-01-02T03:04:05Z',
        },
      },
    ]);
    expect(bodies(dev, 'esputnik.contact')).toEqual([
      {
        channels: [
          { type: 'email', value: 'shopper1@example.com' },
          { type: 'sms', value: '+44 20 7946 0000' },
        ],
        externalCustomerId: 'c1',
        firstName: 'Ada',
        lastName: 'Lovelace',
      },
    ]);
    expect([...dev.esputnik.contacts.values()]).toEqual([
      {
        id: 1,
        externalCustomerId: 'c1',
        email: 'shopper1@example.com',
        phone: '+44 20 7946 0000',
        firstName: 'Ada',
        lastName: 'Lovelace',
        deleted: false,
      },
    ]);
    // The order's customer comes in another form (another name, no phone): the contact is updated, not doubled.
    expect((await relay.order(order)).results.esputnik).toEqual(sent(['contact', 'orderCreated']));
    expect(dev.esputnik.contacts.size).toBe(1);
    expect(dev.esputnik.ignored).toEqual([]);
  });

  it('keeps triggerIntegrations as the shop sets it', async () => {
    const dev = await devServer();
    const relay = relayTo(dev, {
      richpanel: undefined,
      esputnik: undefined,
      rfmcube: { ...destinationsAt(dev.url).rfmcube!, triggerIntegrations: false },
    });
    await relay.customer(customer);
    expect(bodies(dev, 'rfmcube.merge_customer')).toEqual([expect.objectContaining({ triggerIntegrations: false })]);
  });
});

describe('relay.deleteCustomer', () => {
  it('deletes by e-mail in Rfmcube and eSputnik, and says plainly that Richpanel cannot erase', async () => {
    const dev = await devServer();
    const relay = relayTo(dev);
    await relay.order(order);
    await relay.order(historyOrder(11));
    const outcome = await relay.deleteCustomer({ email: 'shopper1@example.com' });
    expect(outcome.results).toEqual({
      richpanel: {
        status: 'unsupported',
        reason: expect.stringMatching(/^Richpanel documents no API to erase/),
        retried: 0,
      },
      rfmcube: sent(['delete_customer']),
      // eSputnik erases by externalCustomerId: the contact with this e-mail is found first.
      esputnik: sent(['search', 'erase']),
    });
    expect(bodies(dev, 'rfmcube.delete_customer')).toEqual([{ email: 'shopper1@example.com' }]);
    expect(dev.rfmcube.customers.size).toBe(0);
    expect(dev.esputnik.requests.slice(-2).map((r) => [r.method, r.path])).toEqual([
      ['GET', '/api/v1/contacts?email=shopper1%40example.com'],
      ['DELETE', '/api/v1/contact?externalCustomerId=c1&erase=true'],
    ]);
    expect([dev.esputnik.contacts.size, dev.esputnik.orders.size, dev.esputnik.events.length]).toEqual([0, 0, 0]);
  });

  it('erases an eSputnik contact by id (erase=true), then creates it again with their next order', async () => {
    const dev = await devServer();
    const relay = relayTo(dev, { richpanel: undefined, rfmcube: undefined });
    await relay.order(order);
    expect((await relay.order(historyOrder(11))).results.esputnik).toEqual(sent(['orderCreated']));
    expect(dev.esputnik.orders.size).toBe(2);
    expect((await relay.deleteCustomer({ id: 'c1' })).results.esputnik).toEqual(sent(['erase']));
    expect(dev.esputnik.requests.at(-1)).toMatchObject({
      method: 'DELETE',
      path: '/api/v1/contact?externalCustomerId=c1&erase=true',
      status: 200,
    });
    expect([dev.esputnik.contacts.size, dev.esputnik.orders.size, dev.esputnik.events.length]).toEqual([0, 0, 0]);
    // The relay forgot the contact: the next order creates it again, and eSputnik keeps the order.
    expect((await relay.order(historyOrder(21))).results.esputnik).toEqual(sent(['contact', 'orderCreated']));
    expect(dev.esputnik.ignored).toEqual([]);
    expect([...dev.esputnik.orders.keys()]).toEqual(['order-21']);
    expect((await relay.deleteCustomer({ id: 'nobody' })).results.esputnik).toEqual({
      status: 'rejected',
      reason: expect.stringMatching(/^eSputnik has no contact with externalCustomerId "nobody" \(404\)/),
      retried: 0,
      httpStatus: 404,
    });
  });

  it('cannot erase by e-mail an eSputnik contact without an externalCustomerId, and says so', async () => {
    const dev = await devServer();
    const relay = relayTo(dev, { richpanel: undefined, rfmcube: undefined });
    const { customerId: _c, ...guest } = order;
    expect((await relay.order(guest)).results.esputnik).toEqual(sent(['contact', 'orderCreated']));
    expect((await relay.deleteCustomer({ email: 'shopper1@example.com' })).results.esputnik).toEqual({
      status: 'rejected',
      reason: expect.stringMatching(
        /^eSputnik erases a contact by its externalCustomerId only, and contact 1 with the e-mail "shopper1@example\.com" has none: erase it in eSputnik itself/,
      ),
      retried: 0,
    });
    expect(dev.esputnik.contacts.size).toBe(1);
    expect((await relay.deleteCustomer({ email: 'nobody@example.com' })).results.esputnik).toEqual({
      status: 'rejected',
      reason: expect.stringMatching(/^eSputnik has no contact with the e-mail "nobody@example\.com"/),
      retried: 0,
    });
  });

  it('deletes by id, then merges the customer again with their next order', async () => {
    const dev = await devServer();
    const relay = relayTo(dev, { richpanel: undefined, esputnik: undefined });
    await relay.order(order);
    expect((await relay.deleteCustomer({ id: 'c1' })).results.rfmcube).toEqual(sent(['delete_customer']));
    expect(bodies(dev, 'rfmcube.delete_customer')).toEqual([{ id: 'c1' }]);
    expect(dev.rfmcube.customers.size).toBe(0);
    expect((await relay.order(historyOrder(11))).results.rfmcube).toEqual(sent(['merge_customer', 'merge_order']));
    expect(dev.rfmcube.requests.map((r) => [r.path, r.status])).toEqual([
      ['/merge_customer', 200],
      ['/merge_order', 200],
      ['/delete_customer', 200],
      ['/merge_customer', 200],
      ['/merge_order', 200],
    ]);
  });

  it('reports a customer Rfmcube does not have as rejected, saying why', async () => {
    const dev = await devServer();
    const relay = relayTo(dev, { richpanel: undefined, esputnik: undefined });
    expect((await relay.deleteCustomer({ email: 'nobody@example.com' })).results.rfmcube).toEqual({
      status: 'rejected',
      reason: expect.stringMatching(/^Rfmcube has no such customer \(404\): already deleted, never sent there/),
      retried: 0,
      httpStatus: 404,
    });
  });

  it('throws without an id or an e-mail, sending nothing', async () => {
    const dev = await devServer();
    const relay = relayTo(dev);
    await expect(relay.deleteCustomer({})).rejects.toThrow(
      new RelayInputError('delete', 'the erasure', {
        input: ['id and email are missing: give the customer’s id, e-mail or both'],
      }),
    );
    await expect(relay.deleteCustomer({ email: 'not an address' })).rejects.toThrow(/is not an e-mail address/);
    expect(dev.rfmcube.requests).toEqual([]);
  });
});

describe('bad input and options', () => {
  it('throws one RelayInputError naming, per destination, the fields the sync would name, and sends nothing', async () => {
    const dev = await devServer();
    const relay = relayTo(dev);
    const bad = { orderId: 'x', amount: 10, items: [{ id: 'p', price: 10, quantity: 1 }] };
    const error = await relay.order(bad).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RelayInputError);
    const problems = (error as RelayInputError).problems;
    expect(Object.keys(problems)).toEqual(['rfmcube', 'esputnik']);
    expect(problems.rfmcube).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^createdAt is missing/),
        expect.stringMatching(/^email is missing: Rfmcube identifies customers by e-mail/),
      ]),
    );
    expect(problems.esputnik).toEqual(expect.arrayContaining([expect.stringMatching(/^status is missing/)]));
    expect((error as Error).message).toMatch(
      /^order "x" cannot be relayed: Rfmcube: createdAt is missing.* \| eSputnik: /,
    );
    await expect(relay.order('1001' as never)).rejects.toThrow(
      /the order cannot be relayed: it must be an object such as/,
    );
    await expect(relay.customer({ firstName: 'Nobody' })).rejects.toThrow(
      /Richpanel: id and email are missing.*\| Rfmcube: email is missing/,
    );
    expect(dev.events).toEqual([]);
    expect(dev.rfmcube.requests).toEqual([]);
  });

  it('takes a model object as its JSON', async () => {
    const dev = await devServer();
    const relay = relayTo(dev, { rfmcube: undefined, esputnik: undefined });
    class OrderRow {
      toJSON() {
        return order;
      }
    }
    expect((await relay.order(new OrderRow())).results.richpanel?.status).toBe('sent');
    expect(dev.events.map((e) => e.event.properties)).toEqual([order]);
  });

  it('names the option at fault, under its destination', () => {
    expect(() => createRelay({})).toThrow(
      new RelayError('a relay needs at least one destination: pass `richpanel`, `rfmcube`, `esputnik` (any subset)'),
    );
    expect(() => createRelay({ richpanel: { apiKey: 'k' } as never })).toThrow(/pass `richpanel.secret`/);
    expect(() => createRelay({ rfmcube: { apiKey: '' } })).toThrow(/pass `rfmcube.apiKey`/);
    expect(() => createRelay({ esputnik: { apiKey: 'e', baseUrl: 'esputnik.com' } })).toThrow(
      /`esputnik.baseUrl` must be an http/,
    );
    expect(() => createRelay({ rfmcube: { apiKey: 'r' }, concurrency: 0 })).toThrow(
      /`concurrency` must be a whole number/,
    );
  });

  it('refuses calls after close', async () => {
    const relay = createRelay({ rfmcube: { apiKey: 'r' } });
    await relay.close();
    await expect(relay.order(order)).rejects.toThrow(
      new RelayError('the relay is closed: make a new one with createRelay'),
    );
  });
});
