import { describe, expect, it } from 'vitest';
import {
  spreadTotal,
  toEsputnikEvent,
  type EsputnikEvent,
  type EsputnikItem,
} from '../../../src/sync/destinations/esputnik/map.js';
import { fixtureOrder, problemsOf } from './fixture.js';

const params = (event: EsputnikEvent) => Object.fromEntries(event.params.map((p) => [p.name, p.value]));
const items = (event: EsputnikEvent) => JSON.parse(params(event).items ?? '[]') as EsputnikItem[];

/** eSputnik's documented order example, as a shop would export it (snake_case). */
const documented = (changes: Record<string, unknown> = {}) => ({
  order_id: '100500',
  customer_id: '12345',
  amount: 1000,
  status: 'new',
  created_at: '2017-03-08T09:30:00+02:00',
  email: 'mail@example.com',
  phone: '380942583691',
  first_name: 'John',
  last_name: 'Smith',
  currency: 'USD',
  shipping_amount: 10,
  discount: 0,
  items: [
    {
      id: '200600',
      name: 'Super Device',
      quantity: 1,
      price: 990,
      url: 'http://example.com/item/200600',
      image_url: 'http://example.com/item/200600/image.png',
    },
  ],
  ...changes,
});

describe('toEsputnikEvent', () => {
  it('maps the documented order example param by param (the shipping goes into the item cost with fixTotals)', () => {
    const event = toEsputnikEvent(documented(), { fixTotals: true });
    expect(event.eventTypeKey).toBe('orderUpdated');
    expect(event.keyValue).toBe('mail@example.com');
    expect(event.params.map((p) => p.name)).toEqual([
      'externalOrderId',
      'externalCustomerId',
      'email',
      'phone',
      'firstName',
      'lastName',
      'totalCost',
      'status',
      'date',
      'currency',
      'shipping',
      'discount',
      'items',
    ]);
    expect(params(event)).toMatchObject({
      externalOrderId: '100500',
      externalCustomerId: '12345',
      email: 'mail@example.com',
      phone: '380942583691',
      firstName: 'John',
      lastName: 'Smith',
      totalCost: '1000.00',
      status: 'INITIALIZED',
      date: '2017-03-08T07:30:00',
      currency: 'USD',
      shipping: '10.00',
      discount: '0.00',
    });
    expect(items(event)).toEqual([
      {
        externalItemId: '200600',
        name: 'Super Device',
        quantity: 1,
        cost: 1000,
        url: 'http://example.com/item/200600',
        imageUrl: 'http://example.com/item/200600/image.png',
      },
    ]);
  });

  it('reports a total that does not match its items unless the shop opts in to fixing it', () => {
    expect(problemsOf(() => toEsputnikEvent(documented()))).toEqual([
      expect.stringMatching(
        /^totalCost 1000\.00 does not match the items' costs 990\.00 \(price × quantity, difference 10\.00\).*fixTotals: true/,
      ),
    ]);
    expect(() => toEsputnikEvent(documented({ amount: 990 }))).not.toThrow();
  });

  it('maps the order fixture with an item url template and spreads its total over the items to the cent', () => {
    const event = toEsputnikEvent(fixtureOrder(), {
      fixTotals: true,
      itemUrl: 'https://shop.example/products/{id}?sku={sku}',
    });
    expect(params(event)).toMatchObject({
      externalOrderId: '11111',
      email: 'shopper@example.com',
      firstName: 'Shubhanshu',
      lastName: 'Chouhan',
      totalCost: '169.97',
      status: 'IN_PROGRESS',
      date: '2020-11-30T17:54:58',
      currency: 'USD',
      shipping: '10.45',
      taxes: '10.00',
      discount: '149.97',
    });
    expect(params(event).externalCustomerId).toBeUndefined();
    expect(params(event).phone).toBeUndefined();
    const sent = items(event);
    expect(sent.map((i) => i.cost)).toEqual([84.99, 84.98]);
    expect(sent[0]).toEqual({
      externalItemId: '2493989519418',
      name: 'My Product - L',
      quantity: 1,
      cost: 84.99,
      url: 'https://shop.example/products/2493989519418?sku=A31SSUJZ99COMTL1',
      imageUrl: 'https://cdn.shop.example/products/product1.jpg?v=1605207140',
    });
  });

  it('names every item field eSputnik requires when the order lacks it, and every other problem', () => {
    expect(
      problemsOf(() =>
        toEsputnikEvent(
          fixtureOrder({
            status: 'teleported',
            items: [
              { id: 'a', price: 1, quantity: 1 },
              { id: 'b', price: 1, quantity: 1, name: 'B' },
            ],
          }),
        ),
      ),
    ).toEqual([
      expect.stringMatching(/^status "teleported" has no eSputnik status: add it to `statusMap`/),
      expect.stringMatching(/^items\[0\]\.name is missing/),
      expect.stringMatching(
        /^items\[0\]\.url, items\[1\]\.url are missing \(eSputnik needs every item's url\): .*`itemUrl`/,
      ),
      expect.stringMatching(/^items\[0\]\.imageUrl, items\[1\]\.imageUrl are missing/),
      expect.stringMatching(/^totalCost 169\.97 does not match the items' costs 2\.00/),
    ]);
    expect(
      problemsOf(() =>
        toEsputnikEvent(
          { orderId: 'x', amount: 1, createdAt: 1, items: [{ id: 'a', price: 1, quantity: 1 }] },
          { items: false },
        ),
      ),
    ).toEqual([
      expect.stringMatching(/^a contact is missing: eSputnik needs customerId, email or phone/),
      expect.stringMatching(/^status is missing/),
    ]);
  });

  it('names an invalid shipping, tax or discount amount', () => {
    expect(
      problemsOf(() => toEsputnikEvent(documented({ shipping_amount: 'free', tax_amount: [1], amount: 990 }))),
    ).toEqual(['shippingAmount is not a number (got "free")', 'taxAmount is not a number (got [1])']);
  });

  it('applies the shop status map over the defaults and refuses a map to a status eSputnik lacks', () => {
    const order = documented({ status: 'Awaiting Pickup', amount: 990 });
    expect(params(toEsputnikEvent(order, { statusMap: { 'awaiting-pickup': 'DELIVERED' } })).status).toBe('DELIVERED');
    expect(params(toEsputnikEvent(documented({ status: 'canceled', amount: 990 }))).status).toBe('CANCELLED');
    expect(
      params(
        toEsputnikEvent(documented({ status: 'processing', amount: 990 }), { statusMap: { processing: 'DELIVERED' } }),
      ).status,
    ).toBe('DELIVERED');
    expect(
      problemsOf(() => toEsputnikEvent(order, { statusMap: { 'awaiting pickup': 'DONE' as 'DELIVERED' } }))[0],
    ).toMatch(/`statusMap` maps "awaiting pickup" to "DONE", which is not one of INITIALIZED/);
  });

  it("keeps every event within eSputnik's 20 KB, keyValue 300 and eventTypeKey 100 limits", () => {
    const many = Array.from({ length: 200 }, (_, i) => ({
      id: `p${i}`,
      name: `Product number ${i} with a long name`,
      quantity: 1,
      price: 1,
      url: `https://shop.example/p${i}`,
      imageUrl: `https://cdn.shop.example/p${i}.jpg`,
    }));
    expect(problemsOf(() => toEsputnikEvent(documented({ items: many, amount: 200 })))[0]).toMatch(
      /^the event is \d+ bytes, over eSputnik's 20480 \(20 KB\): send this order with `items: false`/,
    );
    expect(() => toEsputnikEvent(documented({ items: many, amount: 200 }), { items: false })).not.toThrow();
    expect(
      problemsOf(() =>
        toEsputnikEvent(documented({ email: undefined, phone: undefined, customer_id: 'x'.repeat(301), amount: 990 })),
      )[0],
    ).toMatch(/customerId is 301 characters; eSputnik's keyValue takes at most 300/);
    expect(
      toEsputnikEvent(documented({ email: undefined, phone: undefined, customer_id: 'x'.repeat(300), amount: 990 }))
        .keyValue,
    ).toHaveLength(300);
    expect(
      problemsOf(() =>
        toEsputnikEvent(documented({ amount: 990 }), { eventType: 'o'.repeat(101) as 'orderCreated' }),
      )[0],
    ).toMatch(/`eventType` must be 1 to 100 characters/);
  });
});

describe('spreadTotal', () => {
  it('scales line costs to the total exactly, and shares it equally when every line is free', () => {
    expect(spreadTotal([4999, 4999], 16997)).toEqual([8499, 8498]);
    expect(spreadTotal([100, 200, 300], 500).reduce((a, b) => a + b)).toBe(500);
    expect(spreadTotal([0, 0, 0], 100)).toEqual([34, 33, 33]);
  });
});
