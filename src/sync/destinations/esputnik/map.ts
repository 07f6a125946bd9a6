// A shop order → one eSputnik "Generate event" order event `{ eventTypeKey, keyValue, params }` (pure).
// eSputnik wants the items' costs to add up to totalCost, a contact identifier, and at most 20 KB.
import { DestinationError } from '../../errors.js';
import { fromCents } from '../../order/fields.js';
import { readOrder, type OrderItem, type OrderProblem } from '../../order/read-order.js';
import { mapStatus, type StatusMap } from '../status-map.js';
import { ESPUTNIK_MAX_EVENT_BYTES, ESPUTNIK_MAX_EVENT_TYPE_KEY, ESPUTNIK_MAX_KEY_VALUE } from './limits.js';
import { DEFAULT_ESPUTNIK_STATUS_MAP, ESPUTNIK_STATUSES, isEsputnikStatus, type EsputnikStatus } from './status.js';

/** The eSputnik order event types a sync can send (see `EsputnikMapOptions.eventType`). */
export type EsputnikEventType = 'orderCreated' | 'orderUpdated' | 'orderDelivered' | 'orderCancelled';

/** One parameter of an eSputnik event. */
export interface EsputnikParam {
  /** The parameter's name, e.g. `externalOrderId`, `totalCost`, `items`. */
  name: string;
  /** Its value, always a string: money as a decimal (`169.97`), `items` as JSON. */
  value: string;
}

/** The body of `POST /api/v1/event`. */
export interface EsputnikEvent {
  /** The event type, e.g. `orderUpdated`. */
  eventTypeKey: string;
  /** The contact the event belongs to: e-mail, else phone, else the customer id. */
  keyValue: string;
  /** The order's fields. */
  params: EsputnikParam[];
}

/** One entry of the `items` param (sent as a JSON string). `cost` is the line's cost: unit price × quantity, discounts included. */
export interface EsputnikItem {
  /** The product's id in the shop. */
  externalItemId: string;
  /** Product name. */
  name: string;
  /** Units bought. */
  quantity: number;
  /** The line's cost in the order's currency: unit price × quantity, discounts included. */
  cost: number;
  /** The product page. */
  url: string;
  /** The product image. */
  imageUrl: string;
}

/** How orders become eSputnik events: the event type, the statuses, the items and their totals. */
export interface EsputnikMapOptions {
  /**
   * Default `orderUpdated`: it creates a missing order and updates an existing one, so a retried or
   * resumed sync never makes a second order. `orderCreated` only for orders eSputnik has never seen.
   */
  eventType?: EsputnikEventType;
  /** The shop's status → an eSputnik status, over `DEFAULT_ESPUTNIK_STATUS_MAP`. */
  statusMap?: StatusMap<EsputnikStatus>;
  /**
   * When the items do not add up to the order total, spread the difference over the items' costs in
   * proportion to them (eSputnik's rule: a discount goes into each item's cost). Default false: report it.
   */
  fixTotals?: boolean;
  /** Send the items (default true). `false` sends the order alone, for RFM only. */
  items?: boolean;
  /** An item's product page when the order has none: a template with `{id}` / `{sku}`, or a function. */
  itemUrl?: string | ((item: Readonly<Record<string, unknown>>) => string | undefined);
}

const ITEM_FIX = 'add it to each item, pass `itemUrl` for urls, or `items: false` to send orders without items';

/** eSputnik needs every field readOrder checks except Richpanel's fulfillment entries, which it is not sent. */
export function esputnikRefuses(problem: OrderProblem): boolean {
  return !problem.field.startsWith('fulfillment');
}

/** eSputnik's documented form `YYYY-MM-DDTHH:mm:ss`, written in UTC (the form carries no zone). */
export function esputnikDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19);
}

function money(cents: number): string {
  return fromCents(cents).toFixed(2);
}

function itemUrl(item: OrderItem, option: EsputnikMapOptions['itemUrl']): string | undefined {
  if (item.url !== undefined || option === undefined) return item.url;
  if (typeof option === 'function') return option(item.raw);
  return option.replace(/\{(id|sku)\}/g, (_, key: 'id' | 'sku') => encodeURIComponent(item[key] ?? ''));
}

/** Line costs scaled so they add up to `totalCents` exactly (largest remainder); equal shares when all are 0. */
export function spreadTotal(lineCents: readonly number[], totalCents: number): number[] {
  const sum = lineCents.reduce((a, b) => a + b, 0);
  const weights = sum > 0 ? lineCents : lineCents.map(() => 1);
  const weightSum = sum > 0 ? sum : lineCents.length;
  const exact = weights.map((w) => (w * totalCents) / weightSum);
  const out = exact.map(Math.floor);
  let left = totalCents - out.reduce((a, b) => a + b, 0);
  const order = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (const [, i] of order) {
    if (left <= 0) break;
    out[i]!++;
    left--;
  }
  return out;
}

function mapItems(
  items: OrderItem[],
  totalCents: number | undefined,
  options: EsputnikMapOptions,
  problems: string[],
): EsputnikItem[] {
  const missing = new Map<string, number[]>();
  const note = (field: string, i: number) => missing.set(field, [...(missing.get(field) ?? []), i]);
  const rows = items.map((item, i) => {
    const url = itemUrl(item, options.itemUrl);
    if (item.name === undefined) note('name', i);
    if (url === undefined) note('url', i);
    if (item.imageUrl === undefined) note('imageUrl', i);
    return { item, url };
  });
  for (const [field, indexes] of missing) {
    problems.push(
      `${indexes.map((i) => `items[${i}].${field}`).join(', ')} ${indexes.length === 1 ? 'is' : 'are'} missing (eSputnik needs every item's ${field}): ${ITEM_FIX}`,
    );
  }
  const lines = items.map((item) => Math.round((item.priceCents ?? 0) * (item.quantity ?? 0)));
  const sum = lines.reduce((a, b) => a + b, 0);
  let costs = lines;
  if (totalCents !== undefined && sum !== totalCents) {
    if (options.fixTotals) costs = spreadTotal(lines, totalCents);
    else {
      problems.push(
        `totalCost ${money(totalCents)} does not match the items' costs ${money(sum)} (price × quantity, difference ${money(totalCents - sum)}): ` +
          "eSputnik needs them equal; correct the order, or pass `fixTotals: true` to spread the difference over the items' costs",
      );
    }
  }
  return rows.map(({ item, url }, i) => ({
    externalItemId: item.id ?? '',
    name: item.name ?? '',
    quantity: item.quantity ?? 0,
    cost: fromCents(costs[i]!),
    url: url ?? '',
    imageUrl: item.imageUrl ?? '',
  }));
}

/**
 * Maps one order to an eSputnik order event. `keyValue` is the contact (e-mail, else phone, else the
 * customer id); `date` is the order's creation time in UTC; money params are decimal strings.
 * @throws DestinationError naming every missing or invalid field.
 */
export function toEsputnikEvent(input: unknown, options: EsputnikMapOptions = {}): EsputnikEvent {
  const read = readOrder(input);
  const { order } = read;
  const problems = read.problems.filter(esputnikRefuses).map((p) => p.message);
  const { customer } = order;
  const eventTypeKey = options.eventType ?? 'orderUpdated';
  if (eventTypeKey.length === 0 || eventTypeKey.length > ESPUTNIK_MAX_EVENT_TYPE_KEY) {
    problems.push(`\`eventType\` must be 1 to ${ESPUTNIK_MAX_EVENT_TYPE_KEY} characters`);
  }
  const keyValue = customer.email ?? customer.phone ?? customer.id;
  if (keyValue === undefined) {
    if (!problems.some((p) => p.startsWith('email ')))
      problems.push(
        'a contact is missing: eSputnik needs customerId, email or phone (the contact must already exist there)',
      );
  } else if (keyValue.length > ESPUTNIK_MAX_KEY_VALUE) {
    problems.push(
      `the contact ${customer.email !== undefined ? 'email' : customer.phone !== undefined ? 'phone' : 'customerId'} is ${keyValue.length} characters; eSputnik's keyValue takes at most ${ESPUTNIK_MAX_KEY_VALUE}`,
    );
  }

  let status: EsputnikStatus | undefined;
  for (const [from, to] of Object.entries(options.statusMap ?? {})) {
    if (!isEsputnikStatus(to))
      problems.push(
        `\`statusMap\` maps ${JSON.stringify(from)} to ${JSON.stringify(to)}, which is not one of ${ESPUTNIK_STATUSES.join(', ')}`,
      );
  }
  if (order.status === undefined)
    problems.push(
      `status is missing: eSputnik needs one of ${ESPUTNIK_STATUSES.join(', ')} (\`statusMap\` maps the shop's words)`,
    );
  else {
    status = mapStatus(order.status, options.statusMap, DEFAULT_ESPUTNIK_STATUS_MAP);
    if (status === undefined)
      problems.push(
        `status ${JSON.stringify(order.status)} has no eSputnik status: add it to \`statusMap\`, e.g. { ${JSON.stringify(order.status)}: "DELIVERED" }`,
      );
  }

  const items = options.items === false ? [] : mapItems(order.items, order.amountCents, options, problems);
  if (
    problems.length > 0 ||
    order.id === undefined ||
    order.amountCents === undefined ||
    order.createdAtMs === undefined ||
    keyValue === undefined ||
    status === undefined
  ) {
    throw new DestinationError('eSputnik', order.id, problems);
  }

  const params: EsputnikParam[] = [];
  const add = (name: string, value: string | undefined) => {
    if (value !== undefined) params.push({ name, value });
  };
  add('externalOrderId', order.id);
  add('externalCustomerId', customer.id);
  add('email', customer.email);
  add('phone', customer.phone);
  add('firstName', customer.firstName);
  add('lastName', customer.lastName);
  add('totalCost', money(order.amountCents));
  add('status', status);
  add('date', esputnikDate(order.createdAtMs));
  add('currency', order.currency);
  add('shipping', order.shippingCents === undefined ? undefined : money(order.shippingCents));
  add('taxes', order.taxCents === undefined ? undefined : money(order.taxCents));
  add('discount', order.discountCents === undefined ? undefined : money(order.discountCents));
  if (items.length > 0) add('items', JSON.stringify(items));
  const event: EsputnikEvent = { eventTypeKey, keyValue, params };

  const bytes = Buffer.byteLength(JSON.stringify(event), 'utf8');
  if (bytes > ESPUTNIK_MAX_EVENT_BYTES) {
    throw new DestinationError('eSputnik', order.id, [
      `the event is ${bytes} bytes, over eSputnik's ${ESPUTNIK_MAX_EVENT_BYTES} (20 KB): send this order with \`items: false\``,
    ]);
  }
  return event;
}
