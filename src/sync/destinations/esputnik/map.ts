// A shop order → what eSputnik takes (pure): a "Generate event" order event `{ eventTypeKey, keyValue,
// params }` (the relay; with `occurred`, a past event of the history), or an "Add orders" order (the
// history's default). eSputnik wants the items' costs to add up to totalCost, a contact identifier,
// and at most 20 KB an event.
import { DestinationError } from '../../errors.js';
import { fromCents } from '../../order/fields.js';
import { readOrder, type Order, type OrderItem, type OrderProblem } from '../../order/read-order.js';
import { ESPUTNIK_NO_CONTACT, esputnikContactOf, type EsputnikContactRef } from './contact.js';
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

/**
 * `event`: Generate event's rules (every item's url and imageUrl; costs adding up to totalCost, the
 * Generate event page). `order`: Add orders, which eSputnik's own Shopify app sends without urls and
 * with line totals that need not add up (yespo-shopify create-order-payload.ts): neither is asked for.
 */
type Form = 'event' | 'order';

function mapItems(
  items: OrderItem[],
  totalCents: number | undefined,
  options: EsputnikMapOptions,
  problems: string[],
  form: Form = 'event',
): EsputnikItem[] {
  const missing = new Map<string, number[]>();
  const note = (field: string, i: number) => missing.set(field, [...(missing.get(field) ?? []), i]);
  const rows = items.map((item, i) => {
    const url = itemUrl(item, options.itemUrl);
    if (item.name === undefined) note('name', i);
    if (form === 'event' && url === undefined) note('url', i);
    if (form === 'event' && item.imageUrl === undefined) note('imageUrl', i);
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
    else if (form === 'event') {
      problems.push(
        `totalCost ${money(totalCents)} does not match the items' costs ${money(sum)} (price × quantity, difference ${money(totalCents - sum)}): ` +
          "eSputnik needs them equal; correct the order, or pass `fixTotals: true` to spread the difference over the items' costs",
      );
    }
  }
  return rows.map(({ item, url }, i) => {
    const row: EsputnikItem = {
      externalItemId: item.id ?? '',
      name: item.name ?? '',
      quantity: item.quantity ?? 0,
      cost: fromCents(costs[i]!),
      url: url ?? '',
      imageUrl: item.imageUrl ?? '',
    };
    if (form === 'order') {
      if (url === undefined) delete (row as Partial<EsputnikItem>).url;
      if (item.imageUrl === undefined) delete (row as Partial<EsputnikItem>).imageUrl;
    }
    return row;
  });
}

/** An order checked for eSputnik: everything each of its forms needs, read once. */
interface MappedOrder {
  order: Order & { id: string; amountCents: number; createdAtMs: number };
  contact: EsputnikContactRef;
  status: EsputnikStatus;
  items: EsputnikItem[];
}

/** The checks every form shares; every problem is named at once. @throws DestinationError */
function mapOrder(
  input: unknown,
  options: EsputnikMapOptions,
  extra: (order: Order) => string[] = () => [],
  form: Form = 'event',
): MappedOrder {
  const read = readOrder(input);
  const { order } = read;
  const problems = read.problems.filter(esputnikRefuses).map((p) => p.message);
  const { customer } = order;
  const contact = esputnikContactOf(customer);
  if (contact === undefined) {
    if (!problems.some((p) => p.startsWith('email '))) problems.push(ESPUTNIK_NO_CONTACT);
  }
  problems.push(...extra(order));

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

  const items = options.items === false ? [] : mapItems(order.items, order.amountCents, options, problems, form);
  if (
    problems.length > 0 ||
    order.id === undefined ||
    order.amountCents === undefined ||
    order.createdAtMs === undefined ||
    contact === undefined ||
    status === undefined
  ) {
    throw new DestinationError('eSputnik', order.id, problems);
  }
  return { order: order as MappedOrder['order'], contact, status, items };
}

/** The contact identifier events carry as `keyValue`: e-mail, else phone, else the customer id. */
function keyValueOf(order: Order): string | undefined {
  const { customer } = order;
  return customer.email ?? customer.phone ?? customer.id;
}

function keyValueProblems(order: Order): string[] {
  const keyValue = keyValueOf(order);
  if (keyValue === undefined || keyValue.length <= ESPUTNIK_MAX_KEY_VALUE) return [];
  const { customer } = order;
  const which = customer.email !== undefined ? 'email' : customer.phone !== undefined ? 'phone' : 'customerId';
  return [
    `the contact ${which} is ${keyValue.length} characters; eSputnik's keyValue takes at most ${ESPUTNIK_MAX_KEY_VALUE}`,
  ];
}

function eventParams(mapped: MappedOrder): EsputnikParam[] {
  const { order, status, items } = mapped;
  const { customer } = order;
  const params: EsputnikParam[] = [];
  const add = (name: string, value: string | undefined) => {
    if (value !== undefined) params.push({ name, value });
  };
  add('externalOrderId', order.id);
  // The contact is found by these params, in any letter case (the Generate event page: "The contact ID
  // must be one of the following: externalCustomerId, email, phone").
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
  return params;
}

function checkEventSize<E>(event: E, orderId: string): E {
  const bytes = Buffer.byteLength(JSON.stringify(event), 'utf8');
  if (bytes > ESPUTNIK_MAX_EVENT_BYTES) {
    throw new DestinationError('eSputnik', orderId, [
      `the event is ${bytes} bytes, over eSputnik's ${ESPUTNIK_MAX_EVENT_BYTES} (20 KB): send this order with \`items: false\``,
    ]);
  }
  return event;
}

function eventTypeProblems(options: EsputnikMapOptions): string[] {
  const eventTypeKey = options.eventType ?? 'orderUpdated';
  return eventTypeKey.length === 0 || eventTypeKey.length > ESPUTNIK_MAX_EVENT_TYPE_KEY
    ? [`\`eventType\` must be 1 to ${ESPUTNIK_MAX_EVENT_TYPE_KEY} characters`]
    : [];
}

/**
 * Maps one order to an eSputnik order event. `keyValue` is the contact (e-mail, else phone, else the
 * customer id); the params carry every identifier eSputnik matches a contact on (`externalCustomerId`,
 * `email`, `phone`); `date` is the order's creation time in UTC; money params are decimal strings.
 * @throws DestinationError naming every missing or invalid field.
 */
export function toEsputnikEvent(input: unknown, options: EsputnikMapOptions = {}): EsputnikEvent {
  const mapped = mapOrder(input, options, (order) => [...eventTypeProblems(options), ...keyValueProblems(order)]);
  const event: EsputnikEvent = {
    eventTypeKey: options.eventType ?? 'orderUpdated',
    keyValue: keyValueOf(mapped.order)!,
    params: eventParams(mapped),
  };
  return checkEventSize(event, mapped.order.id);
}

/** One event of "Generate past events" (`POST /v1/past_events`): an order event with its own time. */
export interface EsputnikPastEvent extends EsputnikEvent {
  /** When it happened: the order's creation time, ISO 8601 in UTC with its offset (`2020-05-14T10:11:00+00:00`). */
  occurred: string;
}

/** eSputnik reads a time without a zone in the account's own zone: every time cartbeacon sends says UTC. */
export function esputnikUtcTime(ms: number): string {
  return `${esputnikDate(ms)}+00:00`;
}

/**
 * The order as a past event (docs.esputnik.com "Sending Past Events": `{ eventTypeKey, keyValue,
 * params, occurred }`, "Specify the time of each event in the field occurred").
 * @throws DestinationError naming every missing or invalid field.
 */
export function toEsputnikPastEvent(input: unknown, options: EsputnikMapOptions = {}): EsputnikPastEvent {
  return pastEventOf(
    mapOrder(input, options, (order) => [...eventTypeProblems(options), ...keyValueProblems(order)]),
    options,
  );
}

function pastEventOf(mapped: MappedOrder, options: EsputnikMapOptions): EsputnikPastEvent {
  const event: EsputnikPastEvent = {
    eventTypeKey: options.eventType ?? 'orderUpdated',
    keyValue: keyValueOf(mapped.order)!,
    params: eventParams(mapped),
    occurred: esputnikUtcTime(mapped.order.createdAtMs),
  };
  return checkEventSize(event, mapped.order.id);
}

/** One item of an "Add orders" order: the event's item; `url` and `imageUrl` only when the shop has them. */
export type EsputnikOrderItem = Omit<EsputnikItem, 'url' | 'imageUrl'> &
  Partial<Pick<EsputnikItem, 'url' | 'imageUrl'>>;

/**
 * One order of "Add orders" (`POST /v1/orders`), as eSputnik's "Orders automation" page and its
 * official clients send it (Yespo-CDP/yespo-shopify app/worker/services/create-order-payload.ts,
 * Yespo-CDP/yespo-woocommerce integrations/esputnik/Yespo_Order_Mapping.php).
 */
export interface EsputnikOrder {
  /** The shop's order id (orders are upserted by it). */
  externalOrderId: string;
  /** The shop's customer id. */
  externalCustomerId?: string;
  /** The customer's e-mail: how eSputnik links the order to its contact (or `phone`). */
  email?: string;
  /** The customer's phone. */
  phone?: string;
  /** First name. */
  firstName?: string;
  /** Last name. */
  lastName?: string;
  /** The order total. */
  totalCost: number;
  /** One of `ESPUTNIK_STATUSES`. */
  status: EsputnikStatus;
  /** When it was created: ISO 8601 in UTC with its offset. */
  date: string;
  /** ISO 4217 currency code. */
  currency?: string;
  /** Shipping cost. */
  shipping?: number;
  /** Taxes. */
  taxes?: number;
  /** Discount. */
  discount?: number;
  /** The order's items (costs add up to totalCost). */
  items?: EsputnikOrderItem[];
}

/**
 * Add orders links an order to its contact by e-mail or phone ("Orders automation": "Required
 * parameters for the order array: externalOrderId, externalCustomerId, totalCost, status, date,
 * email or phone"; "If no email or phone is transferred … the system can't match the contact with the
 * order"); yespo-woocommerce leaves an order without both out.
 */
function orderContactProblems(order: Order): string[] {
  const { customer } = order;
  if (customer.email !== undefined || customer.phone !== undefined || customer.id === undefined) return [];
  return [
    "email or phone is missing: eSputnik's Add orders links an order to its contact by e-mail or phone (a customerId alone is not enough); add one, or pass `history: 'pastEvents'` (events find the contact by customerId)",
  ];
}

/**
 * Maps one order to an "Add orders" order. `date` is the creation time in UTC with its offset.
 * @throws DestinationError naming every missing or invalid field.
 */
export function toEsputnikOrder(input: unknown, options: EsputnikMapOptions = {}): EsputnikOrder {
  return orderOf(mapOrder(input, options, orderContactProblems, 'order'));
}

function orderOf({ order, status, items }: MappedOrder): EsputnikOrder {
  const { customer } = order;
  const out: EsputnikOrder = {
    externalOrderId: order.id,
    totalCost: fromCents(order.amountCents),
    status,
    date: esputnikUtcTime(order.createdAtMs),
  };
  if (customer.id !== undefined) out.externalCustomerId = customer.id;
  if (customer.email !== undefined) out.email = customer.email;
  if (customer.phone !== undefined) out.phone = customer.phone;
  if (customer.firstName !== undefined) out.firstName = customer.firstName;
  if (customer.lastName !== undefined) out.lastName = customer.lastName;
  if (order.currency !== undefined) out.currency = order.currency;
  if (order.shippingCents !== undefined) out.shipping = fromCents(order.shippingCents);
  if (order.taxCents !== undefined) out.taxes = fromCents(order.taxCents);
  if (order.discountCents !== undefined) out.discount = fromCents(order.discountCents);
  if (items.length > 0) out.items = items;
  return out;
}

/** How the history sends orders: "Add orders" (default) or "Generate past events". */
export type EsputnikHistoryVia = 'orders' | 'pastEvents';

/** One order of a history sync: what is sent, and the contact it belongs to (imported first). */
export type EsputnikHistoryItem =
  | { via: 'orders'; order: EsputnikOrder; contact: EsputnikContactRef }
  | { via: 'pastEvents'; event: EsputnikPastEvent; contact: EsputnikContactRef };

/** An order as the history sends it, with its contact (one read of the order). @throws DestinationError */
export function toEsputnikHistoryItem(
  input: unknown,
  options: EsputnikMapOptions,
  via: EsputnikHistoryVia,
): EsputnikHistoryItem {
  if (via === 'pastEvents') {
    const mapped = mapOrder(input, options, (order) => [...eventTypeProblems(options), ...keyValueProblems(order)]);
    return { via, event: pastEventOf(mapped, options), contact: mapped.contact };
  }
  const mapped = mapOrder(input, options, orderContactProblems, 'order');
  return { via, order: orderOf(mapped), contact: mapped.contact };
}
