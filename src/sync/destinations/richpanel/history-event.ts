// A history line (a parsed JSON object) or a relayed change → one Richpanel server event, or the
// reason it cannot be sent (pure). Orders are read by the one order reader (readOrder) and refused
// for the problems Richpanel refuses (order-rules.ts); their eventId comes from their content.
import { createHash } from 'node:crypto';
import type { ServerEvent } from '../../../server/batch.js';
import { isPlainObject } from '../../../server/user-data.js';
import { DestinationError } from '../../errors.js';
import { asEpochMs, pick, present, type Fields } from '../../order/fields.js';
import type { ReadResult } from '../../order/order-line.js';
import { readOrder, type OrderCustomer } from '../../order/read-order.js';
import { richpanelOrderProblems } from './order-rules.js';

/** Where a named event without `time.sentAt` or `timestamp` finds its time in its properties. */
const TIME_FIELDS = ['createdAt', 'processedAt', 'updatedAt'];

/**
 * A UUID-shaped id (version 8, RFC 9562 custom) from sha256(apiKey, event, key): the same key always
 * gets the same id, so a re-run or a resume never makes the collector store it twice.
 */
export function stableEventId(apiKey: string, event: string, key: string): string {
  // Two updates: a history line is kilobytes, and concatenating would copy it once more.
  const h = createHash('sha256').update(`${apiKey}\u0000${event}\u0000`, 'utf8').update(key, 'utf8').digest();
  h[6] = (h[6]! & 0x0f) | 0x80;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const hex = h.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * The eventId of an event from its content as written (a history line's text, or an object's
 * `JSON.stringify`): stable for the same content, new for new content. A repeated order is dropped
 * as a duplicate; a changed order is a new event (an update). Hashing the text as given keeps this
 * at a few µs per order; the same order written with its keys in another order counts as new.
 */
export function contentEventId(apiKey: string, event: string, content: string): string {
  return stableEventId(apiKey, event, content.trim());
}

/** uid = customer id, else e-mail; plus the e-mail, name and phone when the order has them. */
function userPropertiesOf(customer: OrderCustomer): Record<string, string> | undefined {
  const uid = customer.id ?? customer.email;
  if (uid === undefined) return undefined;
  const user: Record<string, string> = { uid };
  const { email, firstName, lastName, phone } = customer;
  for (const [k, v] of Object.entries({ email, firstName, lastName, phone })) if (v !== undefined) user[k] = v;
  return user;
}

/**
 * An order (the Richpanel `order` properties, camelCase or snake_case) → a signed-batch-ready `order`
 * event: properties untouched, time from createdAt / processedAt / updatedAt (else `fallbackMs`), uid
 * from the customer id or e-mail, and an eventId made from the order's content (`text`: the order as
 * written, when it came as text; default its JSON).
 */
export function richpanelOrderEvent(
  order: Fields,
  apiKey: string,
  fallbackMs: number,
  text: string = JSON.stringify(order),
): ReadResult<ServerEvent> {
  const { order: read, problems } = readOrder(order);
  const refused = richpanelOrderProblems(problems);
  if (refused.length > 0) return { reason: new DestinationError('Richpanel', read.id, refused).message };
  const sentAt = read.createdAtMs ?? read.updatedAtMs ?? fallbackMs;
  const event: ServerEvent = {
    event: 'order',
    properties: order,
    time: { sentAt, originalTimestamp: sentAt },
    eventId: contentEventId(apiKey, 'order', text),
  };
  const user = userPropertiesOf(read.customer);
  if (user) event.userProperties = user;
  return { item: event };
}

function namedEvent(line: Fields, text: string, apiKey: string, fallbackMs: number): ReadResult<ServerEvent> {
  const { event: name, properties, userProperties, eventId } = line;
  if (typeof name !== 'string' || !/^[a-z][a-z0-9_]*$/.test(name))
    return { reason: 'event must be a lower-case snake_case name such as "order"' };
  if (properties !== undefined && !isPlainObject(properties)) return { reason: 'properties must be an object' };
  if (userProperties !== undefined && !isPlainObject(userProperties))
    return { reason: 'userProperties must be an object' };
  if (name === 'order') {
    const { order, problems } = readOrder(properties ?? {});
    const refused = richpanelOrderProblems(problems);
    if (refused.length > 0) return { reason: new DestinationError('Richpanel', order.id, refused).message };
  }
  const time = isPlainObject(line.time) ? line.time : {};
  const given = present(time.sentAt) ? time.sentAt : line.timestamp;
  const when = given ?? pick([properties], TIME_FIELDS);
  const sentAt = when === undefined ? fallbackMs : asEpochMs(when);
  if (sentAt === undefined) return { reason: 'the time is not epoch ms or an ISO date' };
  const event: ServerEvent = {
    event: name,
    properties: properties ?? {},
    time: { sentAt, originalTimestamp: sentAt },
    eventId: typeof eventId === 'string' && eventId !== '' ? eventId : contentEventId(apiKey, name, text),
  };
  if (userProperties) event.userProperties = userProperties;
  return { item: event };
}

/**
 * One history line, parsed (`text`: the line as written; default the value's JSON): `{"event": …}`
 * is sent as that event; a line with `orderId` / `order_id` is an `order` (see richpanelOrderEvent).
 */
export function historyEvent(
  value: Fields,
  apiKey: string,
  fallbackMs: number,
  text: string = JSON.stringify(value),
): ReadResult<ServerEvent> {
  if (value.event !== undefined) return namedEvent(value, text, apiKey, fallbackMs);
  if (value.orderId === undefined && value.order_id === undefined)
    return { reason: 'no orderId (an order) or event (any other event)' };
  return richpanelOrderEvent(value, apiKey, fallbackMs, text);
}
