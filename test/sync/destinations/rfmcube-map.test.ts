import { describe, expect, it } from 'vitest';
import { groupRfmcubeCustomers, rfmcubeImport, toRfmcubeCustomer } from '../../../src/sync/destinations/rfmcube/map.js';
import { fixtureOrder, problemsOf } from './fixture.js';

describe('toRfmcubeCustomer', () => {
  it('maps the documented order fixture field by field', () => {
    const customer = toRfmcubeCustomer(fixtureOrder());
    expect(customer).toEqual({
      email: 'shopper@example.com',
      createdAt: '2020-11-30T17:54:58Z',
      updatedAt: '2020-11-30T17:54:58Z',
      firstname: 'Shubhanshu',
      lastname: 'Chouhan',
      orders: [
        {
          id: '11111',
          orderReference: '#606243',
          createdAt: '2020-11-30T17:54:58Z',
          updatedAt: '2020-11-30T17:54:58Z',
          amount: 169.97,
          status: 'processing',
          currency: 'USD',
          paymentMethod: 'paypal',
          shippingMethod: 'Free Shipping 2-5 Days',
          shippingCountry: 'United States',
          items: [
            { id: '2493989519418', sku: 'A31SSUJZ99COMTL1', name: 'My Product - L', quantity: 1, price: 49.99 },
            { id: '4586759913530', sku: 'A31SSUGI85ODGDM1', name: 'My Product - M', quantity: 1, price: 49.99 },
          ],
        },
      ],
    });
  });

  it('produces the documented customer example from a snake_case order with a customer object', () => {
    const customer = toRfmcubeCustomer(
      {
        order_id: 7,
        amount: '10.50',
        created_at: '2019-01-20T09:00:00+01:00',
        updated_at: 1548159379,
        customer: {
          id: 1,
          email: 'Customer1@test.rfmcube.com',
          created_at: '2019-01-19T13:06:39Z',
          updated_at: '2019-01-22T12:16:19.000Z',
        },
        items: [{ product_id: 'p', price: '10.5', quantity: 1 }],
      },
      { orderDescriptors: [] },
    );
    const { orders, ...rest } = customer;
    expect(rest).toEqual({
      email: 'customer1@test.rfmcube.com',
      id: '1',
      createdAt: '2019-01-19T13:06:39Z',
      updatedAt: '2019-01-22T12:16:19Z',
    });
    expect(orders).toEqual([
      {
        id: '7',
        createdAt: '2019-01-20T08:00:00Z',
        updatedAt: '2019-01-22T12:16:19Z',
        amount: 10.5,
        items: [{ id: 'p', quantity: 1, price: 10.5 }],
      },
    ]);
  });

  it('sends the shop status as written, or the mapped one with the shop word as statusLabel', () => {
    expect(toRfmcubeCustomer(fixtureOrder({ status: 'Shipped' })).orders[0]).toMatchObject({ status: 'Shipped' });
    const mapped = toRfmcubeCustomer(fixtureOrder({ status: 'Shipped' }), { statusMap: { shipped: 'complete' } })
      .orders[0]!;
    expect([mapped.status, mapped.statusLabel]).toEqual(['complete', 'Shipped']);
    expect(toRfmcubeCustomer(fixtureOrder({ status: undefined })).orders[0]!.status).toBeUndefined();
  });

  it('names every missing or invalid field at once, with no silent defaults', () => {
    const problems = problemsOf(() =>
      toRfmcubeCustomer({ order_id: { no: 1 }, amount: 'lots', email: 'not-an-email', items: [{ price: 1 }, 'x'] }),
    );
    expect(problems).toEqual([
      'orderId must be a string or a whole number (got {"no":1})',
      'amount must be a number of 0 or more (got "lots")',
      expect.stringMatching(/^createdAt is missing/),
      'items[0].id is missing: give each item an id (or productId / sku)',
      'items[0].quantity is missing',
      'items[1] is not an object',
      'email "not-an-email" is not an e-mail address',
    ]);
  });

  it('ignores a bad shipping amount, which Rfmcube is not sent (eSputnik refuses it)', () => {
    expect(toRfmcubeCustomer(fixtureOrder({ shippingAmount: 'free' })).orders[0]!.amount).toBe(169.97);
  });

  it("refuses a guest order without an e-mail (Rfmcube's primary key) and an unreadable date", () => {
    const problems = problemsOf(() =>
      toRfmcubeCustomer(
        fixtureOrder({ email: undefined, billingEmail: undefined, shippingEmail: undefined, processedAt: 'yesterday' }),
      ),
    );
    expect(problems).toEqual([
      'createdAt is not a date (got "yesterday"): use epoch ms, epoch seconds or an ISO 8601 date',
      expect.stringMatching(/^email is missing: Rfmcube identifies customers by e-mail/),
    ]);
  });

  it('refuses a descriptor that is not a single value', () => {
    expect(problemsOf(() => toRfmcubeCustomer(fixtureOrder(), { orderDescriptors: ['coupons', 'items'] }))).toEqual([
      expect.stringMatching(/^coupons is not a single value \(got a list\)/),
      "`orderDescriptors`: items is one of Rfmcube's own order fields, not a descriptor",
    ]);
  });
});

describe('rfmcubeImport', () => {
  it('groups orders by customer e-mail with the earliest createdAt and latest updatedAt', () => {
    const a1 = toRfmcubeCustomer(fixtureOrder({ orderId: 'a1', processedAt: 2_000_000_000_000 }));
    const b = toRfmcubeCustomer(fixtureOrder({ orderId: 'b', email: 'other@example.com', customerId: 'B' }));
    const a2 = toRfmcubeCustomer(fixtureOrder({ orderId: 'a2', customerId: 'A' }));
    const body = rfmcubeImport([a1, b, a2]);
    expect(body).toMatchObject({ overwriteDescriptors: false, triggerIntegrations: false, recalculateStats: true });
    expect(body.customers.map((c) => [c.email, c.id, c.orders.map((o) => o.id)])).toEqual([
      ['shopper@example.com', 'A', ['a1', 'a2']],
      ['other@example.com', 'B', ['b']],
    ]);
    expect([body.customers[0]!.createdAt, body.customers[0]!.updatedAt]).toEqual([
      '2020-11-30T17:54:58Z',
      '2033-05-18T03:33:20Z',
    ]);
    expect(groupRfmcubeCustomers([a1])[0]!.orders).not.toBe(a1.orders);
  });
});
