// GA4 e-commerce (Google's "Measure ecommerce" guide) → Richpanel's events (pure). The parameters
// arrive as `dataLayer.push({ event, ecommerce })`, as `gtag('event', name, params)`, and from UA
// objects once map-ua.ts has named them as GA4 does; UA's item spelling (`id`, `name`, `variant`,
// also what gtag's UA e-commerce uses) is read too (fields.ts).
import type { CartFields, OrderFields } from '../../core/events.js';
import { eventIdFor } from './event-id.js';
import { clean, coupons, num, type Obj, products, val } from './fields.js';
import { W_MISSING, type Warn } from './warnings.js';

/** One call of host.track: the event, its properties and, for an order or a refund, its eventId. */
export type Call = [event: string, properties: Obj, eventId?: string];

/** The GA4 events Richpanel has an event for, and that event. */
const NAMES: Record<string, string> = {
  view_item: 'view_product',
  add_to_cart: 'add_to_cart',
  remove_from_cart: 'remove_from_cart',
  view_cart: 'view_cart',
  begin_checkout: 'checkout_start',
  add_payment_info: 'checkout_payment',
  purchase: 'order',
  refund: 'refund',
};

/** The Richpanel event of a GA4 event name, or undefined (an inherited `toString` is no string). */
export const ga4Name = (name: unknown): string | undefined => {
  const to = typeof name === 'string' ? NAMES[name] : undefined;
  return typeof to === 'string' ? to : undefined;
};

/**
 * The calls for GA4 event `name` with parameters `e`. `view_product`: the first item;
 * `add_to_cart` / `remove_from_cart`: one per item (an item without an id or a name: W25);
 * `view_cart`, `checkout_start`, `checkout_payment`: the cart, even without items; `order`,
 * `refund`: not without a transaction id (W25), with an eventId derived from it and the API key (a
 * refund's also from its amount: two partial refunds of an order stay two, a reload stays one).
 */
export function mapGa4(name: unknown, e: Obj, key: string, warn: Warn): Call[] {
  const event = ga4Name(name);
  if (!event) return [];
  const items = products(e.items, warn, event !== 'view_product');
  const currency = val(e.currency);
  if (event === 'view_product' || event === 'add_to_cart' || event === 'remove_from_cart') {
    const calls: Call[] = [];
    for (const p of event === 'view_product' ? items.slice(0, 1) : items)
      if (p.id == null && p.name == null) warn(W_MISSING, event);
      else calls.push([event, clean({ ...p, currency })]);
    if (!calls.length) warn(W_MISSING, event);
    return calls;
  }
  const orderId = val(e.transaction_id);
  const money = event === 'order' || event === 'refund';
  if (money && orderId == null) {
    warn(W_MISSING, event);
    return [];
  }
  const p = clean({
    orderId,
    amount: num(e.value, warn),
    currency,
    taxAmount: num(e.tax, warn),
    shippingAmount: num(e.shipping, warn),
    coupons: coupons(e.coupon),
    items,
    paymentMethod: val(e.payment_type),
    checkoutStep: e.checkoutStep,
    checkoutOption: e.checkoutOption,
  } satisfies {
    [K in keyof OrderFields | keyof CartFields | 'orderId' | 'checkoutStep' | 'checkoutOption']?: unknown;
  });
  return [
    money
      ? [event, p, eventIdFor(key, event, orderId + (event === 'refund' ? '\n' + (p.amount ?? '') : ''))]
      : [event, p],
  ];
}
