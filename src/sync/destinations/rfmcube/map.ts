// A shop order → an Rfmcube customer with that order, and customers grouped into an import body (pure).
// Rfmcube's primary key is the e-mail; dates are ISO-8601 UTC; any extra field becomes a descriptor.
import { DestinationError } from '../../errors.js';
import { fromCents, pick } from '../../order/fields.js';
import { readOrder, type OrderProblem } from '../../order/read-order.js';
import { mapStatus, type StatusMap } from '../status-map.js';

/** Fields Rfmcube is not sent: shipping, tax and discount amounts, and Richpanel's fulfillment entries. */
const NOT_SENT = new Set(['shippingAmount', 'taxAmount', 'discountAmount']);

/** Rfmcube needs every field readOrder checks except those it is not sent. */
export function rfmcubeRefuses(problem: OrderProblem): boolean {
  return !NOT_SENT.has(problem.field) && !problem.field.startsWith('fulfillment');
}

/** Rfmcube's documented form: ISO-8601 in UTC without milliseconds, `2020-01-01T13:06:39Z`. */
export function rfmcubeDate(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** A descriptor value: Rfmcube filters on single values only. */
export type RfmcubeValue = string | number | boolean;

/** A line of an Rfmcube order. */
export interface RfmcubeItem {
  /** The product's id. */
  id: string;
  /** Stock keeping unit. */
  sku?: string;
  /** Product name. */
  name?: string;
  /** Units bought. */
  quantity: number;
  /** Unit price. */
  price: number;
}

/** An order as Rfmcube imports it. */
export interface RfmcubeOrder {
  /** The shop's order id. */
  id: string;
  /** The order number people see (`orderName`), when the shop has one besides the id. */
  orderReference?: string;
  /** When the order was placed: ISO 8601 UTC without milliseconds, `2020-01-01T13:06:39Z`. */
  createdAt: string;
  /** When it last changed (its creation time when the shop gives none), in the same form. */
  updatedAt: string;
  /** The order's total, in its currency. */
  amount: number;
  /** The status sent: the shop's word, or what `statusMap` maps it to. */
  status?: string;
  /** The shop's own word for the status, when `statusMap` changed it (or the order gives `statusLabel`). */
  statusLabel?: string;
  /** The order's lines. */
  items: RfmcubeItem[];
  /** Descriptors (`orderDescriptors`), e.g. currency, paymentMethod. */
  [descriptor: string]: RfmcubeValue | RfmcubeItem[] | undefined;
}

/** A customer's own fields, as Rfmcube's import and its `merge_customer` route both take them. */
export interface RfmcubeCustomerFields {
  /** The customer's e-mail address: Rfmcube's key. */
  email: string;
  /** The customer's id in the shop. */
  id?: string;
  /** When the customer was created (else their first order's time): ISO 8601 UTC without milliseconds. */
  createdAt: string;
  /** When the customer last changed (else their latest order's time), in the same form. */
  updatedAt: string;
  /** First name. */
  firstname?: string;
  /** Last name. */
  lastname?: string;
}

/** A customer as Rfmcube imports it, with their orders; Rfmcube knows customers by e-mail. */
export interface RfmcubeCustomer extends RfmcubeCustomerFields {
  /** The customer's orders. */
  orders: RfmcubeOrder[];
  /** Descriptors of the customer. */
  [descriptor: string]: RfmcubeValue | RfmcubeOrder[] | undefined;
}

/** The body of `POST /import`. */
export interface RfmcubeImport {
  /** Replace descriptors Rfmcube already has (`RfmcubeImportFlags`, default false). */
  overwriteDescriptors: boolean;
  /** Run the account's integrations for these customers (default false). */
  triggerIntegrations: boolean;
  /** Recompute RFM statistics after the import (default true). */
  recalculateStats: boolean;
  /** The customers, one entry per e-mail, each with all their orders. */
  customers: RfmcubeCustomer[];
}

/** How orders become Rfmcube customers: the status mapping and the descriptors copied. */
export interface RfmcubeMapOptions {
  /**
   * The shop's status → the status sent. Default: the shop's own word, which Rfmcube's order
   * mapping then associates with its states; a mapped order keeps the shop's word as `statusLabel`.
   */
  statusMap?: StatusMap;
  /** Order fields copied as descriptors (read camelCase or snake_case; absent ones skipped). */
  orderDescriptors?: readonly string[];
}

/** The order fields copied as descriptors when `orderDescriptors` is not given. */
export const DEFAULT_RFMCUBE_ORDER_DESCRIPTORS: readonly string[] = [
  'currency',
  'paymentMethod',
  'shippingMethod',
  'shippingCountry',
];
const RESERVED_ORDER_FIELDS = new Set([
  'id',
  'orderReference',
  'createdAt',
  'updatedAt',
  'amount',
  'status',
  'statusLabel',
  'items',
]);

function descriptors(
  raw: Record<string, unknown>,
  names: readonly string[],
  problems: string[],
): Record<string, RfmcubeValue> {
  const out: Record<string, RfmcubeValue> = {};
  for (const name of names) {
    if (RESERVED_ORDER_FIELDS.has(name)) {
      problems.push(`\`orderDescriptors\`: ${name} is one of Rfmcube's own order fields, not a descriptor`);
      continue;
    }
    const value = pick([raw], [name]);
    if (value === undefined) continue;
    if (
      typeof value === 'string' ||
      typeof value === 'boolean' ||
      (typeof value === 'number' && Number.isFinite(value))
    )
      out[name] = value;
    else
      problems.push(
        `${name} is not a single value (got ${Array.isArray(value) ? 'a list' : typeof value}): Rfmcube descriptors are text, numbers or true/false; leave it out of \`orderDescriptors\``,
      );
  }
  return out;
}

/**
 * Maps one order to the Rfmcube customer who placed it, with that one order in `orders`.
 * The customer's dates are `customer.createdAt`/`updatedAt` (or `customerCreatedAt`/`customerUpdatedAt`)
 * when given, else the order's; an order's `updatedAt` is its creation time when it has none.
 * @throws DestinationError naming every missing or invalid field.
 */
export function toRfmcubeCustomer(input: unknown, options: RfmcubeMapOptions = {}): RfmcubeCustomer {
  const read = readOrder(input);
  const { order } = read;
  const problems = read.problems.filter(rfmcubeRefuses).map((p) => p.message);
  const { customer } = order;
  if (customer.email === undefined && !problems.some((p) => p.startsWith('email '))) {
    problems.push(
      'email is missing: Rfmcube identifies customers by e-mail (give email, customer.email or billingEmail)',
    );
  }
  const extra = descriptors(order.raw, options.orderDescriptors ?? DEFAULT_RFMCUBE_ORDER_DESCRIPTORS, problems);
  if (
    problems.length > 0 ||
    order.id === undefined ||
    order.amountCents === undefined ||
    order.createdAtMs === undefined ||
    customer.email === undefined
  ) {
    throw new DestinationError('Rfmcube', order.id, problems);
  }

  const orderUpdated = order.updatedAtMs ?? order.createdAtMs;
  const mapped: RfmcubeOrder = {
    id: order.id,
    createdAt: rfmcubeDate(order.createdAtMs),
    updatedAt: rfmcubeDate(orderUpdated),
    amount: fromCents(order.amountCents),
    items: order.items.map((item) => {
      const out: RfmcubeItem = { id: item.id!, quantity: item.quantity!, price: fromCents(item.priceCents!) };
      if (item.sku !== undefined) out.sku = item.sku;
      if (item.name !== undefined) out.name = item.name;
      return out;
    }),
    ...extra,
  };
  if (order.reference !== undefined) mapped.orderReference = order.reference;
  if (order.status !== undefined) {
    const status = mapStatus(order.status, options.statusMap, {});
    mapped.status = status ?? order.status;
    if (status !== undefined && status !== order.status) mapped.statusLabel = order.status;
  }
  const explicitLabel = pick([order.raw], ['statusLabel']);
  if (typeof explicitLabel === 'string') mapped.statusLabel = explicitLabel;

  const result: RfmcubeCustomer = {
    email: customer.email,
    createdAt: rfmcubeDate(customer.createdAtMs ?? order.createdAtMs),
    updatedAt: rfmcubeDate(customer.updatedAtMs ?? Math.max(orderUpdated, customer.createdAtMs ?? 0)),
    orders: [mapped],
  };
  if (customer.id !== undefined) result.id = customer.id;
  if (customer.firstName !== undefined) result.firstname = customer.firstName;
  if (customer.lastName !== undefined) result.lastname = customer.lastName;
  return result;
}

/**
 * Groups customers by e-mail, one entry per customer with all their orders (in the given order):
 * the earliest `createdAt`, the latest `updatedAt`, and the first value of every other field.
 */
export function groupRfmcubeCustomers(customers: readonly RfmcubeCustomer[]): RfmcubeCustomer[] {
  const byEmail = new Map<string, RfmcubeCustomer>();
  for (const c of customers) {
    const seen = byEmail.get(c.email);
    if (!seen) {
      byEmail.set(c.email, { ...c, orders: [...c.orders] });
      continue;
    }
    for (const [key, value] of Object.entries(c)) if (seen[key] === undefined && value !== undefined) seen[key] = value;
    if (c.createdAt < seen.createdAt) seen.createdAt = c.createdAt;
    if (c.updatedAt > seen.updatedAt) seen.updatedAt = c.updatedAt;
    seen.orders.push(...c.orders);
  }
  return [...byEmail.values()];
}

/** The flags of an Rfmcube import, each with the default a history import wants. */
export interface RfmcubeImportFlags {
  /** Replace descriptors Rfmcube already has. Default false: a history import adds, it does not erase. */
  overwriteDescriptors?: boolean;
  /** Run the account's integrations for these customers. Default false: old orders should not trigger campaigns. */
  triggerIntegrations?: boolean;
  /** Recompute RFM statistics after the import. Default true: that is what the import is for. */
  recalculateStats?: boolean;
}

/** The body of one `POST /import`: the customers grouped by e-mail (`groupRfmcubeCustomers`) and the flags with their defaults. */
export function rfmcubeImport(customers: readonly RfmcubeCustomer[], flags: RfmcubeImportFlags = {}): RfmcubeImport {
  return {
    overwriteDescriptors: flags.overwriteDescriptors ?? false,
    triggerIntegrations: flags.triggerIntegrations ?? false,
    recalculateStats: flags.recalculateStats ?? true,
    customers: groupRfmcubeCustomers(customers),
  };
}

/** Orders in an import (for progress). */
export function countOrders(customers: readonly RfmcubeCustomer[]): number {
  return customers.reduce((n, c) => n + c.orders.length, 0);
}
