// Universal Analytics enhanced e-commerce objects → Richpanel's events, on Google's examples
// (numbers as strings, often without an `event` key).
import { describe, expect, it, vi } from 'vitest';
import { eventIdFor } from '../../src/modules/ecommerce/event-id.js';
import { mapPush } from '../../src/modules/ecommerce/map-push.js';
import { W_MISSING } from '../../src/modules/ecommerce/warnings.js';
import { ga4, UA_FIXTURE } from '../fixtures/load.js';

const KEY = 'shop-key';
const map = (entry: unknown) => {
  const warn = vi.fn();
  return { calls: mapPush(entry, KEY, warn), warn };
};
const ua = (name: string) => map(UA_FIXTURE[name]).calls;

const TSHIRT = {
  id: '12345',
  name: 'Triblend Android T-Shirt',
  price: 15.25,
  optionId: 'Gray',
  categories: ['Apparel'],
};

describe('UA enhanced e-commerce', () => {
  it('detail → view_product (without an event key)', () => {
    expect(ua('detail')).toEqual([['view_product', TSHIRT]]);
  });

  it('add → add_to_cart with currencyCode; remove → remove_from_cart', () => {
    expect(ua('addToCart')).toEqual([['add_to_cart', { ...TSHIRT, quantity: 1, currency: 'EUR' }]]);
    expect(ua('removeFromCart')).toEqual([['remove_from_cart', { ...TSHIRT, quantity: 1 }]]);
  });

  it('checkout step 1 → checkout_start, a later step → checkout_payment, each with its step and option', () => {
    expect(ua('checkout')).toEqual([
      ['checkout_start', { items: [{ ...TSHIRT, quantity: 1 }], checkoutStep: 1, checkoutOption: 'Visa' }],
    ]);
    const step3 = { ecommerce: { checkout: { actionField: { step: '3' }, products: [] } } };
    expect(map(step3).calls).toEqual([['checkout_payment', { checkoutStep: '3' }]]);
    const noStep = { event: 'checkout', ecommerce: { currencyCode: 'USD', checkout: { products: [{ id: 'a' }] } } };
    expect(map(noStep).calls).toEqual([['checkout_start', { currency: 'USD', items: [{ id: 'a', quantity: 1 }] }]]);
  });

  it('purchase.actionField → order with every field; its eventId is the GA4 purchase one', () => {
    expect(ua('purchase')).toEqual([
      [
        'order',
        {
          orderId: 'T12345',
          amount: 35.43,
          taxAmount: 4.9,
          shippingAmount: 5.99,
          coupons: ['SUMMER_SALE'],
          items: [
            { ...TSHIRT, quantity: 1 },
            {
              id: '67890',
              name: 'Donut Friday Scented T-Shirt',
              price: 33.75,
              optionId: 'Black',
              categories: ['Apparel'],
              quantity: 1,
            },
          ],
        },
        eventIdFor(KEY, 'order', 'T12345'),
      ],
    ]);
    // a shop migrating pushes both: one order at the collector
    const ga = map({ event: 'purchase', ecommerce: { ...ga4('purchase'), transaction_id: 'T12345' } }).calls;
    expect(ga[0]![2]).toBe(ua('purchase')[0]![2]);
  });

  it('refund → refund, full (no items) and partial (ids and quantities)', () => {
    expect(ua('refundFull')).toEqual([['refund', { orderId: 'T12345' }, eventIdFor(KEY, 'refund', 'T12345\n')]]);
    expect(ua('refundPartial')).toEqual([
      [
        'refund',
        {
          orderId: 'T12345',
          items: [
            { id: 'P4567', quantity: 1 },
            { id: 'P8901', quantity: 2 },
          ],
        },
        eventIdFor(KEY, 'refund', 'T12345\n'),
      ],
    ]);
  });

  it('ignores impressions, clicks, promotions and checkout options (no Richpanel event)', () => {
    for (const name of ['impressions', 'productClick', 'promoView', 'checkoutOption'])
      expect(ua(name), name).toEqual([]);
  });

  it('reads the UA object even under a GA4 event name, and only once', () => {
    const calls = map({ event: 'purchase', ecommerce: UA_FIXTURE.purchase!.ecommerce }).calls;
    expect(calls).toEqual(ua('purchase'));
    // detail with related-product impressions beside it: one view_product
    const withImpressions = {
      ecommerce: { ...(UA_FIXTURE.impressions!.ecommerce as object), ...(UA_FIXTURE.detail!.ecommerce as object) },
    };
    expect(map(withImpressions).calls).toEqual([['view_product', { ...TSHIRT, currency: 'EUR' }]]);
  });

  it('a push carrying both GA4 items and a UA action is read once, as UA', () => {
    const hybrid = {
      event: 'view_item',
      ecommerce: { ...ga4('view_item'), ...(UA_FIXTURE.detail!.ecommerce as object) },
    };
    expect(map(hybrid).calls).toEqual([['view_product', TSHIRT]]);
  });

  it('a purchase without actionField.id is not sent (W27)', () => {
    const { calls, warn } = map({ ecommerce: { purchase: { actionField: { revenue: '10' }, products: [] } } });
    expect(calls).toEqual([]);
    expect(warn).toHaveBeenCalledWith(W_MISSING, 'order');
  });
});
