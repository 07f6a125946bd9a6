// One order reader for every destination and for the dev collector: one list of problems, and each
// destination's decision on it.
import { describe, expect, it } from 'vitest';
import { orderWarnings } from '../../src/collector/orders.js';
import { parseObjectLine } from '../../src/sync/destination.js';
import { esputnik } from '../../src/sync/destinations/esputnik/descriptor.js';
import { historyEvent } from '../../src/sync/destinations/richpanel/history-event.js';
import { DESTINATIONS } from '../../src/sync/destinations/table.js';
import { readOrder } from '../../src/sync/order/read-order.js';
import { ORDER_FIXTURE } from '../fixtures/load.js';

const valid = {
  orderId: 'A1',
  email: 'a@example.com',
  amount: 10,
  status: 'paid',
  createdAt: '2024-01-01T00:00:00Z',
  items: [{ id: 'p', name: 'P', price: 10, quantity: 1, url: 'u', imageUrl: 'i' }],
};

/** The destinations (by name) that refuse `order`. */
function refusedBy(order: unknown): string[] {
  const { problems } = readOrder(order);
  return DESTINATIONS.filter((d) => problems.some((p) => d.refuses(p))).map((d) => d.name);
}

describe('readOrder', () => {
  it('reads camelCase and snake_case alike, field by field', () => {
    const camel = readOrder({
      orderId: 'A1',
      amount: '12.50',
      createdAt: 1_700_000_000,
      updatedAt: '2024-01-02T00:00:00Z',
      shippingAmount: 1,
      taxAmount: 2,
      discountAmount: 3,
      customerId: 7,
      billingEmail: 'A@Example.com',
      billingFirstName: 'Ann',
      items: [{ productId: 'p', price: 12.5, qty: 1, imageURL: ['x.jpg'] }],
    });
    const snake = readOrder({
      order_id: 'A1',
      amount: '12.50',
      created_at: 1_700_000_000,
      updated_at: '2024-01-02T00:00:00Z',
      shipping_amount: 1,
      tax_amount: 2,
      discount_amount: 3,
      customer_id: 7,
      billing_email: 'A@Example.com',
      billing_first_name: 'Ann',
      items: [{ product_id: 'p', price: 12.5, qty: 1, image_url: ['x.jpg'] }],
    });
    expect(camel.problems).toEqual([]);
    expect(snake.problems).toEqual([]);
    const { raw: _a, items: itemsA, ...a } = camel.order;
    const { raw: _b, items: itemsB, ...b } = snake.order;
    expect(a).toEqual(b);
    expect(a).toMatchObject({
      id: 'A1',
      amountCents: 1250,
      createdAtMs: 1_700_000_000_000,
      shippingCents: 100,
      taxCents: 200,
      discountCents: 300,
      customer: { id: '7', email: 'a@example.com', firstName: 'Ann' },
    });
    expect(itemsA.map(({ raw: _r, ...i }) => i)).toEqual(itemsB.map(({ raw: _r, ...i }) => i));
    expect(itemsA[0]).toMatchObject({ id: 'p', quantity: 1, priceCents: 1250, imageUrl: 'x.jpg' });
  });

  it('refuses items: [{}] in the Richpanel sync with the very messages the collector warns with', () => {
    const order = { orderId: 'A1', amount: 10, items: [{}] };
    const warnings = orderWarnings(order);
    expect(warnings).toEqual(['items[0].quantity is missing', 'items[0].price is missing']);
    const parsed = parseObjectLine(JSON.stringify(order));
    const sent = 'item' in parsed ? historyEvent(parsed.item, 'key', 0) : parsed;
    expect(sent).toEqual({ reason: `order "A1" cannot be sent to Richpanel: ${warnings.join('; ')}` });
  });

  it('lets each destination decide from one list: what Richpanel needs is not what Rfmcube or eSputnik needs', () => {
    expect(refusedBy(valid)).toEqual([]);
    expect(refusedBy(ORDER_FIXTURE)).toEqual([]);
    // Richpanel falls back to the time of the run; Rfmcube and eSputnik need the order's date.
    expect(refusedBy({ ...valid, createdAt: undefined })).toEqual(['rfmcube', 'esputnik']);
    // An unreadable date is refused everywhere.
    expect(refusedBy({ ...valid, createdAt: 'soon' })).toEqual(['richpanel', 'rfmcube', 'esputnik']);
    // Richpanel's fulfillment entries only matter to Richpanel.
    expect(refusedBy({ ...valid, fulfillment: [{ items: [{}] }] })).toEqual(['richpanel']);
    // Only eSputnik is sent the shipping amount.
    expect(refusedBy({ ...valid, shippingAmount: 'free' })).toEqual(['esputnik']);
    // Richpanel passes the customer through; Rfmcube and eSputnik key on the e-mail.
    expect(refusedBy({ ...valid, email: 'not-an-email' })).toEqual(['rfmcube', 'esputnik']);
    expect(refusedBy({ ...valid, items: [{ price: 10, quantity: 1 }] })).toEqual(['rfmcube', 'esputnik']);
    expect(refusedBy({ ...valid, items: [{ id: 'p', price: 10 }] })).toEqual(['richpanel', 'rfmcube', 'esputnik']);
    expect(esputnik.refuses({ field: 'fulfillment[].id', kind: 'missing', message: '' })).toBe(false);
  });

  it('names a non-object once, and quotes bad values briefly', () => {
    expect(readOrder('nope').problems).toEqual([
      { field: 'order', kind: 'invalid', message: 'the order is not an object: give orderId, amount and items' },
    ]);
    const long = readOrder({ ...valid, amount: 'x'.repeat(500) }).problems[0]!.message;
    expect(long).toMatch(/^amount must be a number of 0 or more \(got "x{59}…\)$/);
  });
});
