// A shop order (the Richpanel `order` properties, camelCase or snake_case, plus customer fields) read
// once into one shape for every destination, with a list of what is missing or invalid (pure).
import { asEpochMs, asId, asNumber, asObject, isEmail, pick, toCents, type Fields } from './fields.js';

export interface ShopItem {
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

export interface ShopCustomer {
  id: string | undefined;
  email: string | undefined;
  phone: string | undefined;
  firstName: string | undefined;
  lastName: string | undefined;
  createdAtMs: number | undefined;
  updatedAtMs: number | undefined;
}

export interface ShopOrder {
  id: string | undefined;
  /** The shop's order number shown to people (`orderName`, `#606243`), when it differs from the id. */
  reference: string | undefined;
  amountCents: number | undefined;
  currency: string | undefined;
  /** The status text as the shop wrote it. */
  status: string | undefined;
  createdAtMs: number | undefined;
  updatedAtMs: number | undefined;
  shippingCents: number | undefined;
  taxCents: number | undefined;
  discountCents: number | undefined;
  customer: ShopCustomer;
  items: ShopItem[];
  raw: Fields;
}

export interface ReadOrder {
  order: ShopOrder;
  /** Every missing or invalid field, each with what to do about it. */
  problems: string[];
  /** Invalid shipping, tax or discount amounts: a problem only for destinations that send them (eSputnik). */
  chargeProblems: string[];
}

const DATE_HINT = 'epoch ms, epoch seconds or an ISO 8601 date';

function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim() === '' ? undefined : value.trim();
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

/** First string of a string or an array of strings (`imageURL` is documented as an array). */
function firstText(value: unknown): string | undefined {
  return Array.isArray(value) ? value.map(text).find((v) => v !== undefined) : text(value);
}

function money(order: Fields, names: string[], problems: string[]): number | undefined {
  const value = pick([order], names);
  if (value === undefined) return undefined;
  const n = asNumber(value);
  if (n === undefined) problems.push(`${names[0]} is not a number (got ${JSON.stringify(value)})`);
  return n === undefined ? undefined : toCents(n);
}

function date(
  objects: Array<Fields | undefined>,
  names: string[],
  label: string,
  problems: string[],
): number | undefined {
  const value = pick(objects, names);
  if (value === undefined) return undefined;
  const ms = asEpochMs(value);
  if (ms === undefined) problems.push(`${label} is not a date (got ${JSON.stringify(value)}): use ${DATE_HINT}`);
  return ms;
}

function readItem(value: unknown, index: number, problems: string[]): ShopItem {
  const at = `items[${index}]`;
  const raw = asObject(value);
  if (!raw) {
    problems.push(`${at} is not an object`);
    return {
      id: undefined,
      sku: undefined,
      name: undefined,
      quantity: undefined,
      priceCents: undefined,
      url: undefined,
      imageUrl: undefined,
      raw: {},
    };
  }
  const id = asId(pick([raw], ['id', 'productId', 'variantId', 'sku']));
  if (id === undefined) problems.push(`${at}.id is missing: give each item an id (or productId / sku)`);
  const quantityValue = pick([raw], ['quantity', 'qty']);
  const quantity = asNumber(quantityValue);
  if (quantityValue === undefined) problems.push(`${at}.quantity is missing`);
  else if (quantity === undefined || quantity <= 0)
    problems.push(`${at}.quantity must be a number above 0 (got ${JSON.stringify(quantityValue)})`);
  const priceValue = pick([raw], ['price']);
  const price = asNumber(priceValue);
  if (priceValue === undefined) problems.push(`${at}.price is missing`);
  else if (price === undefined || price < 0)
    problems.push(`${at}.price must be a number of 0 or more (got ${JSON.stringify(priceValue)})`);
  return {
    id,
    sku: text(pick([raw], ['sku'])),
    name: text(pick([raw], ['name', 'title', 'productName'])),
    quantity: quantity !== undefined && quantity > 0 ? quantity : undefined,
    priceCents: price !== undefined && price >= 0 ? toCents(price) : undefined,
    url: text(pick([raw], ['url', 'productUrl', 'link'])),
    imageUrl: firstText(pick([raw], ['imageUrl', 'imageURL', 'image', 'images'])),
    raw,
  };
}

function readCustomer(order: Fields, problems: string[]): ShopCustomer {
  const nested = asObject(order.customer);
  const both = [nested, order];
  const email = text(pick(both, ['email', 'customerEmail', 'billingEmail']));
  if (email !== undefined && !isEmail(email)) problems.push(`email ${JSON.stringify(email)} is not an e-mail address`);
  return {
    id: asId(pick([order], ['customerId', 'userId', 'uid']) ?? pick([nested], ['id', 'uid'])),
    email: email !== undefined && isEmail(email) ? email.toLowerCase() : undefined,
    phone: text(pick(both, ['phone', 'billingPhone', 'shippingPhone'])),
    firstName: text(pick(both, ['firstName', 'billingFirstName', 'shippingFirstName'])),
    lastName: text(pick(both, ['lastName', 'billingLastName', 'shippingLastName'])),
    createdAtMs:
      date([nested], ['createdAt'], 'customer.createdAt', problems) ??
      date([order], ['customerCreatedAt'], 'customerCreatedAt', problems),
    updatedAtMs:
      date([nested], ['updatedAt'], 'customer.updatedAt', problems) ??
      date([order], ['customerUpdatedAt'], 'customerUpdatedAt', problems),
  };
}

/** Reads an order's fields; never throws: what is missing or invalid is listed in `problems`. */
export function readShopOrder(input: unknown): ReadOrder {
  const problems: string[] = [];
  const chargeProblems: string[] = [];
  const raw = asObject(input) ?? {};
  if (!asObject(input)) problems.push('the order is not a JSON object');

  const idValue = pick([raw], ['orderId']);
  const id = asId(idValue);
  if (idValue === undefined) problems.push('orderId is missing');
  else if (id === undefined)
    problems.push(`orderId must be a string or a whole number (got ${JSON.stringify(idValue)})`);

  const amountValue = pick([raw], ['amount', 'totalPrice', 'total']);
  const amount = asNumber(amountValue);
  if (amountValue === undefined) problems.push('amount is missing: give the order total');
  else if (amount === undefined || amount < 0)
    problems.push(`amount must be a number of 0 or more (got ${JSON.stringify(amountValue)})`);

  const createdAtMs = date([raw], ['createdAt', 'processedAt'], 'createdAt', problems);
  if (createdAtMs === undefined && pick([raw], ['createdAt', 'processedAt']) === undefined) {
    problems.push(`createdAt is missing: give the order's creation time as createdAt or processedAt (${DATE_HINT})`);
  }
  const updatedAtMs = date([raw], ['updatedAt'], 'updatedAt', problems);

  const items: ShopItem[] = [];
  if (!Array.isArray(raw.items) || raw.items.length === 0)
    problems.push('items is missing or empty: list the products of the order');
  else
    raw.items.forEach((item, i) => {
      items.push(readItem(item, i, problems));
    });

  const reference = text(pick([raw], ['orderName', 'orderNumber', 'name']));
  const statusValue = pick([raw], ['status', 'orderStatus']);
  if (statusValue !== undefined && text(statusValue) === undefined)
    problems.push(`status must be text (got ${JSON.stringify(statusValue)})`);

  const order: ShopOrder = {
    id,
    reference: reference !== undefined && reference !== id ? reference : undefined,
    amountCents: amount !== undefined && amount >= 0 ? toCents(amount) : undefined,
    currency: text(pick([raw], ['currency', 'currencyCode'])),
    status: text(statusValue),
    createdAtMs,
    updatedAtMs,
    shippingCents: money(raw, ['shippingAmount', 'shipping'], chargeProblems),
    taxCents: money(raw, ['taxAmount', 'tax'], chargeProblems),
    discountCents: money(raw, ['discountAmount', 'discount'], chargeProblems),
    customer: readCustomer(raw, problems),
    items,
    raw,
  };
  return { order, problems, chargeProblems };
}
