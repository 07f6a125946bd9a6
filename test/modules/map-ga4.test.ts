// GA4 e-commerce → Richpanel's events, in the object form (`dataLayer.push({ event, ecommerce })`)
// and the gtag form (`gtag('event', name, params)` pushes its `arguments`), on Google's examples.
import { describe, expect, it, vi } from 'vitest';
import { eventIdFor } from '../../src/modules/ecommerce/event-id.js';
import { mapPush } from '../../src/modules/ecommerce/map-push.js';
import { W_MISSING, W_VALUE } from '../../src/modules/ecommerce/warnings.js';
import { ga4 } from '../fixtures/load.js';

const KEY = 'shop-key';
const map = (entry: unknown) => {
  const warn = vi.fn();
  return { calls: mapPush(entry, KEY, warn), warn };
};
const push = (event: string, ecommerce: unknown) => map({ event, ecommerce }).calls;
/** What gtag('event', name, params) pushes: an arguments object. */
function gtagArgs(..._: unknown[]) {
  // biome-ignore lint/complexity/noArguments: gtag pushes exactly this object
  return arguments;
}

/** Google's SKU_12345 as a Richpanel product (no quantity: a view). */
const TEE = {
  id: 'SKU_12345',
  name: 'Stan and Friends Tee',
  price: 10.01,
  optionId: 'green',
  categories: ['Apparel', 'Adult', 'Shirts', 'Crew', 'Short sleeve'],
};
const GREY = {
  id: 'SKU_12346',
  name: "Google Grey Women's Tee",
  price: 21.01,
  quantity: 2,
  optionId: 'gray',
  categories: ['Apparel', 'Adult', 'Shirts', 'Crew', 'Short sleeve'],
};

describe('GA4 object form', () => {
  it('view_item → one view_product of the first item, with the currency', () => {
    expect(push('view_item', ga4('view_item'))).toEqual([['view_product', { ...TEE, currency: 'USD' }]]);
  });

  it('add_to_cart / remove_from_cart → one event per item, with its quantity', () => {
    expect(push('add_to_cart', ga4('add_to_cart'))).toEqual([
      ['add_to_cart', { ...TEE, quantity: 3, currency: 'USD' }],
    ]);
    expect(push('remove_from_cart', ga4('remove_from_cart'))).toEqual([
      ['remove_from_cart', { ...TEE, quantity: 3, currency: 'USD' }],
    ]);
    const two = { ...ga4('purchase'), transaction_id: undefined };
    expect(push('add_to_cart', two).map(([e, p]) => [e, p.id, p.quantity])).toEqual([
      ['add_to_cart', 'SKU_12345', 3],
      ['add_to_cart', 'SKU_12346', 2],
    ]);
  });

  it('view_cart, begin_checkout → checkout_start, add_payment_info → checkout_payment: the cart', () => {
    const items = [{ ...TEE, quantity: 3 }];
    expect(push('view_cart', ga4('view_cart'))).toEqual([['view_cart', { amount: 30.03, currency: 'USD', items }]]);
    expect(push('begin_checkout', ga4('begin_checkout'))).toEqual([
      ['checkout_start', { amount: 30.03, currency: 'USD', items, coupons: ['SUMMER_FUN'] }],
    ]);
    expect(push('add_payment_info', ga4('add_payment_info'))).toEqual([
      [
        'checkout_payment',
        { amount: 30.03, currency: 'USD', items, coupons: ['SUMMER_FUN'], paymentMethod: 'Credit Card' },
      ],
    ]);
  });

  it('purchase → order with every field and the eventId derived from the key and transaction_id', () => {
    expect(push('purchase', ga4('purchase'))).toEqual([
      [
        'order',
        {
          orderId: 'T_12345',
          amount: 72.05,
          currency: 'USD',
          taxAmount: 3.6,
          shippingAmount: 5.99,
          coupons: ['SUMMER_SALE'],
          items: [{ ...TEE, quantity: 3 }, GREY],
        },
        eventIdFor(KEY, 'order', 'T_12345'),
      ],
    ]);
  });

  it('refund → refund with the refunded amount and items; its eventId from the transaction and the amount', () => {
    expect(push('refund', ga4('refund'))).toEqual([
      [
        'refund',
        {
          orderId: 'T_12345',
          amount: 12.21,
          currency: 'USD',
          taxAmount: 1.11,
          shippingAmount: 3.33,
          coupons: ['SUMMER_FUN'],
          items: [{ ...TEE, price: 9.99, quantity: 1 }],
        },
        eventIdFor(KEY, 'refund', 'T_12345\n12.21'),
      ],
    ]);
    // a full refund: no items
    expect(push('refund', { transaction_id: 'T_12345', value: 72.05, currency: 'USD' })).toEqual([
      ['refund', { orderId: 'T_12345', amount: 72.05, currency: 'USD' }, eventIdFor(KEY, 'refund', 'T_12345\n72.05')],
    ]);
  });
});

describe('gtag arguments form', () => {
  it('gives what the object form gives, for every event', () => {
    for (const event of [
      'view_item',
      'add_to_cart',
      'remove_from_cart',
      'view_cart',
      'begin_checkout',
      'add_payment_info',
      'purchase',
      'refund',
    ])
      expect(map(gtagArgs('event', event, ga4(event))).calls, event).toEqual(push(event, ga4(event)));
  });

  it("reads gtag's Universal Analytics items (id, name, variant, category with '/')", () => {
    const { calls } = map(
      gtagArgs('event', 'purchase', {
        transaction_id: 24.031608523954162,
        value: 23.07,
        currency: 'USD',
        tax: 1.24,
        shipping: 0,
        items: [
          {
            id: 'P12345',
            name: 'Android Warhol T-Shirt',
            brand: 'Google',
            category: 'Apparel/T-Shirts',
            variant: 'Black',
            quantity: 2,
            price: '2.0',
          },
        ],
      }),
    );
    expect(calls[0]![1]).toEqual({
      orderId: 24.031608523954162,
      amount: 23.07,
      currency: 'USD',
      taxAmount: 1.24,
      shippingAmount: 0,
      items: [
        {
          id: 'P12345',
          name: 'Android Warhol T-Shirt',
          optionId: 'Black',
          categories: ['Apparel', 'T-Shirts'],
          quantity: 2,
          price: 2,
        },
      ],
    });
  });

  it('ignores other gtag commands and events without a Richpanel event', () => {
    expect(map(gtagArgs('config', 'G-XXXX', { send_page_view: false })).calls).toEqual([]);
    expect(map(gtagArgs('consent', 'default', { analytics_storage: 'denied' })).calls).toEqual([]);
    expect(map(gtagArgs('event', 'view_item_list', ga4('view_item'))).calls).toEqual([]);
    expect(map(gtagArgs('event', 'page_view')).calls).toEqual([]);
    // an array is not gtag's arguments (gtag.js does not run arrays as commands either)
    expect(map(['event', 'purchase', ga4('purchase')]).calls).toEqual([]);
  });
});

describe('what is not e-commerce', () => {
  it('ignores ecommerce: null, non-commerce pushes and unmapped GA4 events', () => {
    for (const entry of [
      { ecommerce: null },
      { event: 'gtm.js', 'gtm.start': 1 },
      { event: 'gtm.dom' },
      { pageType: 'product', user: { id: 7 } },
      { event: 'view_item_list', ecommerce: ga4('view_item') },
      { event: 'add_shipping_info', ecommerce: ga4('add_payment_info') },
      { event: 'toString', ecommerce: ga4('purchase') },
      { event: '__proto__', ecommerce: ga4('purchase') },
      'a string',
      42,
      null,
      () => 1,
    ])
      expect(map(entry).calls, JSON.stringify(entry) ?? String(entry)).toEqual([]);
  });

  it('does not merge an earlier ecommerce object into a later event (W27 for an event without its data)', () => {
    const { calls, warn } = map({ event: 'purchase' });
    expect(calls).toEqual([]);
    expect(warn).toHaveBeenCalledWith(W_MISSING, 'purchase');
  });
});

describe('bad data: best effort, one warning, never an exception', () => {
  it('reads numbers written as strings', () => {
    const [[, p]] = push('purchase', {
      transaction_id: '3550719',
      value: '25.00',
      tax: ' 4.34 ',
      shipping: '0',
      currency: 'EUR',
      items: [
        {
          item_id: '7967292883170',
          item_name: 'Pairi Daiza',
          price: '25.00',
          quantity: '1',
          item_category: 'trips',
          item_category2: 'on-site',
        },
      ],
    }) as [[string, Record<string, unknown>]];
    expect(p).toEqual({
      orderId: '3550719',
      amount: 25,
      taxAmount: 4.34,
      shippingAmount: 0,
      currency: 'EUR',
      items: [{ id: '7967292883170', name: 'Pairi Daiza', price: 25, quantity: 1, categories: ['trips', 'on-site'] }],
    });
  });

  it('leaves out a value that is not a number, with W28, and sends the rest', () => {
    const { calls, warn } = map({
      event: 'purchase',
      ecommerce: {
        transaction_id: 'T1',
        value: '$12',
        currency: 'USD',
        items: [{ item_id: 'a', price: 'ten', quantity: {} }],
      },
    });
    expect(calls[0]![1]).toEqual({ orderId: 'T1', currency: 'USD', items: [{ id: 'a', quantity: 1 }] });
    expect(warn).toHaveBeenCalledWith(W_VALUE, '$12');
    expect(warn).toHaveBeenCalledWith(W_VALUE, 'ten');
  });

  it('drops empty values and defaults a missing quantity to 1 (GA4)', () => {
    expect(
      push('add_to_cart', { currency: '', items: [{ item_id: 'a', item_name: '', price: null, item_variant: '' }] }),
    ).toEqual([['add_to_cart', { id: 'a', quantity: 1 }]]);
  });

  it('sends no order or refund without a transaction id (W27): it could not be deduplicated', () => {
    for (const event of ['purchase', 'refund']) {
      const { calls, warn } = map({ event, ecommerce: { ...ga4(event), transaction_id: '' } });
      expect(calls).toEqual([]);
      expect(warn).toHaveBeenCalledWith(W_MISSING, event === 'purchase' ? 'order' : 'refund');
    }
  });

  it('sends no product event for an item without an id or a name (W27), the others still', () => {
    const { calls, warn } = map({
      event: 'add_to_cart',
      ecommerce: { items: [{ price: 3 }, { item_name: 'Cap' }, 'junk'] },
    });
    expect(calls).toEqual([['add_to_cart', { name: 'Cap', quantity: 1 }]]);
    expect(warn).toHaveBeenCalledWith(W_MISSING, 'add_to_cart');
    expect(map({ event: 'view_item', ecommerce: {} }).calls).toEqual([]);
  });

  it('items that are not a list: the event without them (W28)', () => {
    const { calls, warn } = map({ event: 'view_cart', ecommerce: { value: 5, items: { 0: { item_id: 'a' } } } });
    expect(calls).toEqual([['view_cart', { amount: 5 }]]);
    expect(warn).toHaveBeenCalledWith(W_VALUE, { 0: { item_id: 'a' } });
  });

  it('sends at most 200 items (GA4 takes no more), with W28', () => {
    const items = Array.from({ length: 5000 }, (_, i) => ({ item_id: 'p' + i, price: 1, quantity: 1 }));
    const { calls, warn } = map({ event: 'purchase', ecommerce: { transaction_id: 'BIG', value: 5000, items } });
    expect((calls[0]![1].items as unknown[]).length).toBe(200);
    expect(warn).toHaveBeenCalledWith(W_VALUE, 5000);
    expect(map({ event: 'add_to_cart', ecommerce: { items } }).calls).toHaveLength(200);
  });

  it('splits a coupon string with commas into codes', () => {
    expect(push('begin_checkout', { coupon: 'SUMMER, FREESHIP,,' })).toEqual([
      ['checkout_start', { coupons: ['SUMMER', 'FREESHIP'] }],
    ]);
  });
});
