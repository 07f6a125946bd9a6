// One line of an order-history file → one server event, or the reason it cannot be sent (pure).
import { createHash } from 'node:crypto';
import type { ServerEvent } from './batch.js';
import { isPlainObject } from './user-data.js';

export type LineResult = { event: ServerEvent } | { reason: string };

/** Numbers below this are epoch seconds (year 5138 in ms), as many shop exports write them. */
const EPOCH_SECONDS_BELOW = 1e11;
const TIME_FIELDS = ['createdAt', 'created_at', 'processedAt', 'processed_at', 'updatedAt', 'updated_at'] as const;

function present(value: unknown): boolean {
  return value !== undefined && value !== null && value !== '';
}

function firstOf(objects: Array<Record<string, unknown> | undefined>, fields: readonly string[]): unknown {
  for (const obj of objects) {
    for (const field of fields) if (obj && present(obj[field])) return obj[field];
  }
  return undefined;
}

/** Epoch ms from epoch ms, epoch seconds or an ISO string; NaN when it is none of those. */
export function toEpochMs(value: unknown): number {
  if (typeof value === 'number') return value < EPOCH_SECONDS_BELOW ? value * 1000 : value;
  if (typeof value === 'string') return /^\d+$/.test(value) ? toEpochMs(Number(value)) : Date.parse(value);
  return NaN;
}

/**
 * A UUID-shaped id (version 8, RFC 9562 custom) from sha256(apiKey, event, key): the same order
 * always gets the same id, so a re-run or a resume never makes the collector store it twice.
 */
export function stableEventId(apiKey: string, event: string, key: string): string {
  const h = createHash('sha256').update(`${apiKey}\u0000${event}\u0000${key}`, 'utf8').digest();
  h[6] = (h[6]! & 0x0f) | 0x80;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const hex = h.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** uid = customer id, else e-mail; plus the name, e-mail and phone when the order has them. */
function customerOf(order: Record<string, unknown>): Record<string, unknown> | undefined {
  const customer = isPlainObject(order.customer) ? order.customer : undefined;
  const sources = [customer, order];
  const email = firstOf(sources, ['email', 'billingEmail', 'billing_email']);
  const uid =
    firstOf([order], ['customerId', 'customer_id', 'userId', 'user_id', 'uid']) ??
    firstOf([customer], ['id', 'uid']) ??
    email;
  if (!present(uid)) return undefined;
  const user: Record<string, unknown> = { uid: String(uid) };
  const extra = {
    email,
    firstName: firstOf(sources, ['firstName', 'first_name', 'billingFirstName', 'billing_first_name']),
    lastName: firstOf(sources, ['lastName', 'last_name', 'billingLastName', 'billing_last_name']),
    phone: firstOf(sources, ['phone', 'billingPhone', 'billing_phone']),
  };
  for (const [k, v] of Object.entries(extra)) if (present(v)) user[k] = v;
  return user;
}

function isAmount(value: unknown): boolean {
  return (
    (typeof value === 'number' && Number.isFinite(value)) ||
    (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)))
  );
}

function orderEvent(order: Record<string, unknown>, apiKey: string, fallbackMs: number): LineResult {
  const orderId = order.orderId ?? order.order_id;
  if (!present(orderId) || (typeof orderId !== 'string' && typeof orderId !== 'number'))
    return { reason: 'orderId must be a string or a number' };
  if (!isAmount(order.amount)) return { reason: 'amount is missing or not a number' };
  if (!Array.isArray(order.items) || order.items.length === 0) return { reason: 'items is missing or empty' };
  const when = firstOf([order], TIME_FIELDS);
  const sentAt = when === undefined ? fallbackMs : toEpochMs(when);
  if (Number.isNaN(sentAt)) return { reason: 'createdAt/processedAt/updatedAt is not epoch ms or an ISO date' };
  const event: ServerEvent = {
    event: 'order',
    properties: order,
    time: { sentAt, originalTimestamp: sentAt },
    eventId: stableEventId(apiKey, 'order', String(orderId)),
  };
  const user = customerOf(order);
  if (user) event.userProperties = user;
  return { event };
}

function namedEvent(line: Record<string, unknown>, text: string, apiKey: string, fallbackMs: number): LineResult {
  const { event: name, properties, userProperties, eventId } = line;
  if (typeof name !== 'string' || !/^[a-z][a-z0-9_]*$/.test(name))
    return { reason: 'event must be a lower-case snake_case name such as "order"' };
  if (properties !== undefined && !isPlainObject(properties)) return { reason: 'properties must be an object' };
  if (userProperties !== undefined && !isPlainObject(userProperties))
    return { reason: 'userProperties must be an object' };
  const time = isPlainObject(line.time) ? line.time : {};
  const when = time.sentAt ?? line.timestamp ?? firstOf([properties], TIME_FIELDS);
  const sentAt = when === undefined ? fallbackMs : toEpochMs(when);
  if (Number.isNaN(sentAt)) return { reason: 'the time is not epoch ms or an ISO date' };
  const orderId = properties?.orderId ?? properties?.order_id;
  const key = present(orderId) ? String(orderId) : createHash('sha256').update(text).digest('hex');
  const event: ServerEvent = {
    event: name,
    properties: properties ?? {},
    time: { sentAt, originalTimestamp: sentAt },
    eventId: typeof eventId === 'string' && eventId !== '' ? eventId : stableEventId(apiKey, name, key),
  };
  if (userProperties) event.userProperties = userProperties;
  return { event };
}

/**
 * Reads one JSON line. `{"event": …}` is sent as that event; a line with `orderId`/`order_id` is an
 * `order` whose time is its createdAt/processedAt/updatedAt (epoch ms, epoch s or ISO; else `fallbackMs`).
 */
export function readHistoryLine(text: string, apiKey: string, fallbackMs: number): LineResult {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { reason: 'not valid JSON' };
  }
  if (!isPlainObject(value)) return { reason: 'not a JSON object' };
  if (value.event !== undefined) return namedEvent(value, text, apiKey, fallbackMs);
  if (value.orderId === undefined && value.order_id === undefined)
    return { reason: 'no orderId (an order) or event (any other event)' };
  return orderEvent(value, apiKey, fallbackMs);
}
