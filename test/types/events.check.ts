// Type tests of the documented events, checked by `npm run check` (tsc): every `@ts-expect-error` line
// must fail to type-check, so loosening a type (an optional `amount`, `unknown` items, any properties for
// `order`…) makes the check fail with "Unused '@ts-expect-error' directive". Nothing here runs.
import type {
  IdentifyProperties,
  OrderItem,
  OrderProperties,
  ProductProperties,
  StorefrontEvents,
  Tracker,
} from '../../src/index.js';

declare const t: Tracker;
declare const documentedOrder: typeof import('../fixtures/order-properties.json');
declare const documentedIdentify: typeof import('../fixtures/identify-properties.json');
declare const anyName: string;

export function theDocumentedPayloadsTypeCheck(): void {
  t.track('order', documentedOrder);
  t.identify(documentedIdentify.userId, documentedIdentify.properties);
  const order: OrderProperties = documentedOrder;
  const identify: IdentifyProperties = documentedIdentify.properties;
  t.track('order', order, identify, Date.now(), '3b241101-e2bb-4255-8caf-4136c566a962');
}

export function anOrderNeedsItsIdAmountAndItems(): void {
  t.track('order', { orderId: '1', amount: 9.5, items: [{ id: 'p1', price: 9.5, quantity: 1 }] });
  t.track('order', { orderId: 1, amount: 0, items: [] });
  // @ts-expect-error no properties
  t.track('order');
  // @ts-expect-error null is not an order
  t.track('order', null);
  // @ts-expect-error no orderId
  t.track('order', { amount: 1, items: [] });
  // @ts-expect-error no amount
  t.track('order', { orderId: '1', items: [] });
  // @ts-expect-error no items
  t.track('order', { orderId: '1', amount: 1 });
  // @ts-expect-error amount must be a number
  t.track('order', { orderId: '1', amount: '1', items: [] });
  // @ts-expect-error an id is a string or a number
  t.track('order', { orderId: true, amount: 1, items: [] });
}

export function everyLineNeedsIdPriceAndQuantity(): void {
  // @ts-expect-error no id
  t.track('order', { orderId: '1', amount: 1, items: [{ price: 1, quantity: 1 }] });
  // @ts-expect-error no price
  t.track('order', { orderId: '1', amount: 1, items: [{ id: 'p1', quantity: 1 }] });
  // @ts-expect-error no quantity
  t.track('order', { orderId: '1', amount: 1, items: [{ id: 'p1', price: 1 }] });
  // @ts-expect-error quantity must be a number
  const line: OrderItem = { id: 'p1', price: 1, quantity: '1' };
  void line;
}

export function aFulfillmentNeedsItsRequiredFields(): void {
  const base = { orderId: '1', amount: 1, items: [] };
  const shipped = { id: 'p1', price: 1, name: 'Tee', quantity: 1 };
  t.track('order', { ...base, fulfillment: [{ id: 'f1', items: [shipped], tracking: [{ trackingNumber: 'Z1' }] }] });
  // @ts-expect-error a fulfillment without id
  t.track('order', { ...base, fulfillment: [{ items: [shipped] }] });
  // @ts-expect-error a fulfillment line without name
  t.track('order', { ...base, fulfillment: [{ id: 'f1', items: [{ id: 'p1', price: 1, quantity: 1 }] }] });
  // @ts-expect-error a fulfillment line without price
  t.track('order', { ...base, fulfillment: [{ id: 'f1', items: [{ id: 'p1', name: 'Tee', quantity: 1 }] }] });
  // @ts-expect-error fulfillment is a list
  t.track('order', { ...base, fulfillment: { id: 'f1' } });
}

export function optionalFieldsAreTypedInBothSpellings(): void {
  t.track('order', { order_id: '1', amount: 1, items: [], shipping_amount: 10.45, billing_phone: null });
  t.track('order', { orderId: '1', amount: 1, items: [], shippingAmount: 10.45, customField: { any: 'thing' } });
  t.track('order', {
    order_id: '1',
    amount: 1,
    items: [{ id: 1, price: 1, quantity: 1, image_url: 'https://x/y.png' }],
  });
  // @ts-expect-error shippingAmount must be a number
  t.track('order', { orderId: '1', amount: 1, items: [], shippingAmount: '10.45' });
  // @ts-expect-error shipping_amount must be a number
  t.track('order', { order_id: '1', amount: 1, items: [], shipping_amount: '10.45' });
  // @ts-expect-error coupons is a list of codes
  t.track('order', { orderId: '1', amount: 1, items: [], coupons: 'FREE20' });
  // @ts-expect-error created_at is a time
  t.track('order', { order_id: '1', amount: 1, items: [], created_at: new Date() });
}

export function storefrontEventsTypeTheirDocumentedFields(): void {
  t.track('page_view');
  t.track('view_product', { id: 'p1', name: 'Tee', price: 19, currency: 'EUR', url: 'https://shop/p1' });
  t.track('add_to_cart', { id: 'p1', quantity: 2, cart_total: 38, color: 'red' });
  t.track('view_cart', { amount: 38, items: [{ id: 'p1', price: 19, quantity: 2 }] });
  t.track('search', { query: 'linen' });
  t.track('subscription', { orderId: 's1', amount: 9, nextPayment: '2025-02-01T00:00:00Z' });
  t.track('view_product', null);
  const product: ProductProperties = { id: 'p1', price: 19 };
  t.track('remove_from_cart', product);
  // @ts-expect-error price must be a number
  t.track('view_product', { id: 'p1', price: '19' });
  // @ts-expect-error quantity must be a number
  t.track('add_to_cart', { id: 'p1', quantity: '2' });
  // @ts-expect-error query is text
  t.track('search', { query: 42 });
  // @ts-expect-error a subscription needs an amount
  t.track('subscription', { orderId: 's1' });
  const names: (keyof StorefrontEvents)[] = [
    'page_view',
    'view_product',
    'view_category',
    'view_cart',
    'add_to_cart',
    'remove_from_cart',
    'checkout_start',
    'applied_coupon',
    'search',
    'view_article',
    'checkout_payment',
    'subscription',
    'order',
  ];
  void names;
}

export function anyOtherEventTakesAnyProperties(): void {
  t.track('wishlist_add', { sku: 42, price: 'free', nested: { deep: [1, 2] } });
  t.track('quiz_done');
  t.track('legacy_php_event', []);
  t.track('legacy_php_event', false);
  t.track(anyName, { orderId: true });
  t.track(anyName, null, { email: 'a@example.com' }, '2025-01-01T00:00:00Z');
  // @ts-expect-error properties are an object
  t.track('wishlist_add', 'sku-42');
}

export function identifyTypesTheDocumentedFields(): void {
  t.identify('42', { email: 'a@example.com', phone: 9977090122, first_name: 'Ann', loyaltyTier: 'gold' });
  t.identify(42, null);
  t.identify('42');
  // @ts-expect-error email is text
  t.identify('42', { email: 42 });
  // @ts-expect-error phone is text or a number
  t.identify('42', { phone: true });
  // @ts-expect-error billingAddress is an address
  t.identify('42', { billingAddress: 'Main St 1' });
  // @ts-expect-error a uid is a string or a number
  t.identify({ id: '42' });
}
