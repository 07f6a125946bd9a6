// The one reader of a shop order (the Richpanel `order` properties, camelCase or snake_case, plus
// customer fields), used by the history sync of every destination, by the mappers and by the dev
// collector's order checks. It reads everything once into one shape and lists every problem; each
// destination decides which problems stop an order (see OrderProblem.field). Pure, never throws.
import {
  asEpochMs,
  asId,
  asNumber,
  asObject,
  asText,
  isEmail,
  pick,
  present,
  quote,
  toCents,
  type Fields,
} from './fields.js';

/**
 * The rule a problem breaks: the field, with array indexes left out (`items[].price`). Destinations
 * decide on these: Richpanel needs `orderId`, `amount` and item prices and quantities; Rfmcube and
 * eSputnik need more (ids, dates, an e-mail…).
 */
export type OrderField =
  | 'order'
  | 'orderId'
  | 'amount'
  | 'createdAt'
  | 'updatedAt'
  | 'items'
  | 'items[]'
  | 'items[].id'
  | 'items[].quantity'
  | 'items[].price'
  | 'status'
  | 'email'
  | 'customer.createdAt'
  | 'customer.updatedAt'
  | 'shippingAmount'
  | 'taxAmount'
  | 'discountAmount'
  | 'fulfillment'
  | 'fulfillment[]'
  | 'fulfillment[].id'
  | 'fulfillment[].items'
  | 'fulfillment[].items[]'
  | 'fulfillment[].items[].id'
  | 'fulfillment[].items[].quantity';

export interface OrderProblem {
  /** The rule broken, for a destination to decide whether it can still take the order. */
  field: OrderField;
  /** `missing`: absent (or null, or ""); `invalid`: present but not usable. */
  kind: 'missing' | 'invalid';
  /** What is wrong and what to do, naming the field with its index: `items[1].price is missing`. */
  message: string;
}

export interface OrderItem {
  /** Product (or variant) id: `id`, `productId`, `variantId` or `sku`. */
  id: string | undefined;
  sku: string | undefined;
  name: string | undefined;
  quantity: number | undefined;
  /** Unit price in cents. */
  priceCents: number | undefined;
  url: string | undefined;
  imageUrl: string | undefined;
  raw: Fields;
}

export interface OrderCustomer {
  id: string | undefined;
  /** Lower-cased; undefined when absent or not an e-mail address. */
  email: string | undefined;
  phone: string | undefined;
  firstName: string | undefined;
  lastName: string | undefined;
  createdAtMs: number | undefined;
  updatedAtMs: number | undefined;
}

export interface Order {
  id: string | undefined;
  /** The shop's order number shown to people (`orderName`, `#606243`), when it differs from the id. */
  reference: string | undefined;
  amountCents: number | undefined;
  currency: string | undefined;
  /** The status text as the shop wrote it. */
  status: string | undefined;
  /** `createdAt`, else `processedAt`. */
  createdAtMs: number | undefined;
  updatedAtMs: number | undefined;
  shippingCents: number | undefined;
  taxCents: number | undefined;
  discountCents: number | undefined;
  customer: OrderCustomer;
  items: OrderItem[];
  /** The order as given (an empty object when it was not one). */
  raw: Fields;
}

export interface ReadOrder {
  order: Order;
  /** Every missing or invalid field, in a stable order, each with what to do about it. */
  problems: OrderProblem[];
}

const DATE_HINT = 'epoch ms, epoch seconds or an ISO 8601 date';

// Where each field is read from (camelCase names; pick also reads each in snake_case).
const ORDER_ID = ['orderId'];
const AMOUNT = ['amount', 'totalPrice', 'total'];
const CREATED = ['createdAt', 'processedAt'];
const UPDATED = ['updatedAt'];
const REFERENCE = ['orderName', 'orderNumber', 'name'];
const STATUS = ['status', 'orderStatus'];
const CURRENCY = ['currency', 'currencyCode'];
const SHIPPING = ['shippingAmount', 'shipping'];
const TAX = ['taxAmount', 'tax'];
const DISCOUNT = ['discountAmount', 'discount'];
const ITEM_ID = ['id', 'productId', 'variantId', 'sku'];
const QUANTITY = ['quantity', 'qty'];
const PRICE = ['price'];
const SKU = ['sku'];
const ITEM_NAME = ['name', 'title', 'productName'];
const ITEM_URL = ['url', 'productUrl', 'link'];
const IMAGE_URL = ['imageUrl', 'imageURL', 'image', 'images'];
const EMAIL = ['email', 'customerEmail', 'billingEmail'];
const CUSTOMER_ID = ['customerId', 'userId', 'uid'];
const NESTED_ID = ['id', 'uid'];
const PHONE = ['phone', 'billingPhone', 'shippingPhone'];
const FIRST_NAME = ['firstName', 'billingFirstName', 'shippingFirstName'];
const LAST_NAME = ['lastName', 'billingLastName', 'shippingLastName'];
const CREATED_ONLY = ['createdAt'];
const CUSTOMER_CREATED = ['customerCreatedAt'];
const CUSTOMER_UPDATED = ['customerUpdatedAt'];
const FULFILLMENT_ID = ['id'];

class Problems {
  readonly list: OrderProblem[] = [];
  missing(field: OrderField, message: string): void {
    this.list.push({ field, kind: 'missing', message });
  }
  invalid(field: OrderField, message: string): void {
    this.list.push({ field, kind: 'invalid', message });
  }
}

/** First string of a string or an array of strings (`imageURL` is documented as an array). */
function firstText(value: unknown): string | undefined {
  return Array.isArray(value) ? value.map(asText).find((v) => v !== undefined) : asText(value);
}

function money(order: Fields, names: string[], field: OrderField, problems: Problems): number | undefined {
  const value = pick([order], names);
  if (value === undefined) return undefined;
  const n = asNumber(value);
  if (n === undefined) problems.invalid(field, `${names[0]} is not a number (got ${quote(value)})`);
  return n === undefined ? undefined : toCents(n);
}

function date(
  objects: Array<Fields | undefined>,
  names: string[],
  field: OrderField,
  label: string,
  problems: Problems,
): number | undefined {
  const value = pick(objects, names);
  if (value === undefined) return undefined;
  const ms = asEpochMs(value);
  if (ms === undefined) problems.invalid(field, `${label} is not a date (got ${quote(value)}): use ${DATE_HINT}`);
  return ms;
}

/** A positive number of items: `quantity` (or `qty`). */
function quantityOf(raw: Fields, at: string, field: OrderField, problems: Problems): number | undefined {
  const value = pick([raw], QUANTITY);
  const quantity = asNumber(value);
  if (value === undefined) problems.missing(field, `${at}.quantity is missing`);
  else if (quantity === undefined || quantity <= 0)
    problems.invalid(field, `${at}.quantity must be a number above 0 (got ${quote(value)})`);
  return quantity !== undefined && quantity > 0 ? quantity : undefined;
}

const NO_ITEM: Omit<OrderItem, 'raw'> = {
  id: undefined,
  sku: undefined,
  name: undefined,
  quantity: undefined,
  priceCents: undefined,
  url: undefined,
  imageUrl: undefined,
};

function readItem(value: unknown, index: number, problems: Problems): OrderItem {
  const at = `items[${index}]`;
  const raw = asObject(value);
  if (!raw) {
    problems.invalid('items[]', `${at} is not an object`);
    return { ...NO_ITEM, raw: {} };
  }
  const id = asId(pick([raw], ITEM_ID));
  if (id === undefined)
    problems.missing('items[].id', `${at}.id is missing: give each item an id (or productId / sku)`);
  const quantity = quantityOf(raw, at, 'items[].quantity', problems);
  const priceValue = pick([raw], PRICE);
  const price = asNumber(priceValue);
  if (priceValue === undefined) problems.missing('items[].price', `${at}.price is missing`);
  else if (price === undefined || price < 0)
    problems.invalid('items[].price', `${at}.price must be a number of 0 or more (got ${quote(priceValue)})`);
  return {
    id,
    sku: asText(pick([raw], SKU)),
    name: asText(pick([raw], ITEM_NAME)),
    quantity,
    priceCents: price !== undefined && price >= 0 ? toCents(price) : undefined,
    url: asText(pick([raw], ITEM_URL)),
    imageUrl: firstText(pick([raw], IMAGE_URL)),
    raw,
  };
}

function readItems(raw: Fields, problems: Problems): OrderItem[] {
  const items = raw.items;
  if (!present(items) || (Array.isArray(items) && items.length === 0)) {
    problems.missing('items', 'items is missing or empty: list the products of the order');
    return [];
  }
  if (!Array.isArray(items)) {
    problems.invalid('items', `items must be an array of the products of the order (got ${quote(items)})`);
    return [];
  }
  return items.map((item, i) => readItem(item, i, problems));
}

function readCustomer(order: Fields, problems: Problems): OrderCustomer {
  const nested = asObject(order.customer);
  const both = [nested, order];
  const email = asText(pick(both, EMAIL));
  const valid = email !== undefined && isEmail(email);
  if (email !== undefined && !valid) problems.invalid('email', `email ${quote(email)} is not an e-mail address`);
  return {
    id: asId(pick([order], CUSTOMER_ID) ?? pick([nested], NESTED_ID)),
    email: valid ? email.toLowerCase() : undefined,
    phone: asText(pick(both, PHONE)),
    firstName: asText(pick(both, FIRST_NAME)),
    lastName: asText(pick(both, LAST_NAME)),
    createdAtMs:
      date([nested], CREATED_ONLY, 'customer.createdAt', 'customer.createdAt', problems) ??
      date([order], CUSTOMER_CREATED, 'customer.createdAt', 'customerCreatedAt', problems),
    updatedAtMs:
      date([nested], UPDATED, 'customer.updatedAt', 'customer.updatedAt', problems) ??
      date([order], CUSTOMER_UPDATED, 'customer.updatedAt', 'customerUpdatedAt', problems),
  };
}

function checkFulfillmentItems(items: unknown[], at: string, problems: Problems): void {
  for (const [j, item] of items.entries()) {
    const itemAt = `${at}.items[${j}]`;
    const fields = asObject(item);
    if (!fields) {
      problems.invalid('fulfillment[].items[]', `${itemAt} is not an object`);
      continue;
    }
    if (asId(pick([fields], ITEM_ID)) === undefined)
      problems.missing('fulfillment[].items[].id', `${itemAt}.id is missing`);
    quantityOf(fields, itemAt, 'fulfillment[].items[].quantity', problems);
  }
}

/** Richpanel's documented fulfillment entries: each has an `id`; its items an `id` and a quantity. */
function checkFulfillment(raw: Fields, problems: Problems): void {
  const fulfillment = raw.fulfillment;
  if (!present(fulfillment)) return;
  if (!Array.isArray(fulfillment)) {
    problems.invalid('fulfillment', `fulfillment must be an array of shipments (got ${quote(fulfillment)})`);
    return;
  }
  for (const [i, value] of fulfillment.entries()) {
    const at = `fulfillment[${i}]`;
    const entry = asObject(value);
    if (!entry) {
      problems.invalid('fulfillment[]', `${at} is not an object`);
      continue;
    }
    if (asId(pick([entry], FULFILLMENT_ID)) === undefined) problems.missing('fulfillment[].id', `${at}.id is missing`);
    const items = entry.items;
    if (!present(items)) continue;
    if (Array.isArray(items)) checkFulfillmentItems(items, at, problems);
    else problems.invalid('fulfillment[].items', `${at}.items must be an array (got ${quote(items)})`);
  }
}

function readFields(raw: Fields, problems: Problems): Order {
  const idValue = pick([raw], ORDER_ID);
  const id = asId(idValue);
  if (idValue === undefined) problems.missing('orderId', 'orderId is missing');
  else if (id === undefined)
    problems.invalid('orderId', `orderId must be a string or a whole number (got ${quote(idValue)})`);

  const amountValue = pick([raw], AMOUNT);
  const amount = asNumber(amountValue);
  if (amountValue === undefined) problems.missing('amount', 'amount is missing');
  else if (amount === undefined || amount < 0)
    problems.invalid('amount', `amount must be a number of 0 or more (got ${quote(amountValue)})`);

  const createdAtMs = date([raw], CREATED, 'createdAt', 'createdAt', problems);
  if (createdAtMs === undefined && pick([raw], CREATED) === undefined) {
    problems.missing(
      'createdAt',
      `createdAt is missing: give the order's creation time as createdAt or processedAt (${DATE_HINT})`,
    );
  }
  const updatedAtMs = date([raw], UPDATED, 'updatedAt', 'updatedAt', problems);
  const items = readItems(raw, problems);

  const reference = asText(pick([raw], REFERENCE));
  const statusValue = pick([raw], STATUS);
  if (statusValue !== undefined && asText(statusValue) === undefined)
    problems.invalid('status', `status must be text (got ${quote(statusValue)})`);
  const customer = readCustomer(raw, problems);
  const shippingCents = money(raw, SHIPPING, 'shippingAmount', problems);
  const taxCents = money(raw, TAX, 'taxAmount', problems);
  const discountCents = money(raw, DISCOUNT, 'discountAmount', problems);
  checkFulfillment(raw, problems);

  const order: Order = {
    id,
    reference: reference !== undefined && reference !== id ? reference : undefined,
    amountCents: amount !== undefined && amount >= 0 ? toCents(amount) : undefined,
    currency: asText(pick([raw], CURRENCY)),
    status: asText(statusValue),
    createdAtMs,
    updatedAtMs,
    shippingCents,
    taxCents,
    discountCents,
    customer,
    items,
    raw,
  };
  return order;
}

/**
 * Reads an order: a plain object with the Richpanel `order` properties (camelCase or snake_case:
 * `orderId` / `order_id`, `shippingAmount` / `shipping_amount`…) and the customer's fields (its own,
 * or a `customer` object). Never throws: what is missing or invalid is listed in `problems`.
 */
export function readOrder(input: unknown): ReadOrder {
  const problems = new Problems();
  const given = asObject(input);
  if (given) return { order: readFields(given, problems), problems: problems.list };
  // Not an object: the one problem worth saying (every field would be "missing" as well).
  problems.invalid('order', 'the order is not an object: give orderId, amount and items');
  return { order: readFields({}, new Problems()), problems: problems.list };
}
