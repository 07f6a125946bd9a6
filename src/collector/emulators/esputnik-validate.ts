// What eSputnik's Generate event checks in an order event, as documented (pure): required params,
// the date form, a contact, complete items whose costs add up to totalCost, and the key lengths.
import { ESPUTNIK_MAX_EVENT_TYPE_KEY, ESPUTNIK_MAX_KEY_VALUE } from '../../sync/destinations/esputnik/limits.js';
import { ESPUTNIK_STATUSES } from '../../sync/destinations/esputnik/status.js';
import { isRecord } from '../decode.js';

/** eSputnik's documented maximum lengths and statuses (named once, beside the client). */
const MAX_EVENT_TYPE_KEY = ESPUTNIK_MAX_EVENT_TYPE_KEY;
const MAX_KEY_VALUE = ESPUTNIK_MAX_KEY_VALUE;
const STATUSES: ReadonlySet<string> = new Set(ESPUTNIK_STATUSES);
export const ORDER_EVENTS = new Set(['orderCreated', 'orderUpdated', 'orderDelivered', 'orderCancelled']);
const DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/;
const ITEM_FIELDS = ['externalItemId', 'name', 'quantity', 'cost', 'url', 'imageUrl'] as const;

export interface CheckedEvent {
  eventTypeKey: string;
  keyValue: string;
  params: Record<string, string>;
}

const cents = (value: unknown) => Math.round(Number(value) * 100);

function itemProblems(text: string, totalCost: string | undefined): string[] {
  let items: unknown;
  try {
    items = JSON.parse(text);
  } catch {
    return ['items must be a JSON list'];
  }
  if (!Array.isArray(items)) return ['items must be a JSON list'];
  const problems: string[] = [];
  items.forEach((item, i) => {
    if (!isRecord(item)) {
      problems.push(`items[${i}] is not an object`);
      return;
    }
    for (const field of ITEM_FIELDS)
      if (item[field] === undefined || item[field] === null || item[field] === '')
        problems.push(`items[${i}].${field} is required`);
  });
  const sum = items.reduce((n: number, item) => n + (isRecord(item) ? cents(item.cost) : 0), 0);
  if (totalCost !== undefined && problems.length === 0 && sum !== cents(totalCost))
    problems.push(`the items' costs add up to ${sum / 100}, not totalCost ${totalCost}`);
  return problems;
}

/** The event with its params as a name → value map, or every problem found. */
export function checkEvent(body: unknown): { event: CheckedEvent } | { problems: string[] } {
  if (!isRecord(body)) return { problems: ['the body must be a JSON object'] };
  const problems: string[] = [];
  const { eventTypeKey, keyValue } = body;
  if (typeof eventTypeKey !== 'string' || eventTypeKey === '' || eventTypeKey.length > MAX_EVENT_TYPE_KEY)
    problems.push(`eventTypeKey must be 1 to ${MAX_EVENT_TYPE_KEY} characters`);
  if (typeof keyValue !== 'string' || keyValue === '' || keyValue.length > MAX_KEY_VALUE)
    problems.push(`keyValue must be 1 to ${MAX_KEY_VALUE} characters`);
  const params: Record<string, string> = {};
  if (!Array.isArray(body.params)) problems.push('params must be a list of { name, value }');
  else {
    body.params.forEach((p, i) => {
      if (!isRecord(p) || typeof p.name !== 'string' || (typeof p.value !== 'string' && typeof p.value !== 'number'))
        problems.push(`params[${i}] must be { name, value }`);
      else params[p.name] = String(p.value);
    });
  }
  if (typeof eventTypeKey === 'string' && ORDER_EVENTS.has(eventTypeKey)) {
    if (!params.externalOrderId) problems.push('externalOrderId is required');
    if (eventTypeKey === 'orderCreated' || eventTypeKey === 'orderUpdated') {
      if (params.totalCost === undefined || !Number.isFinite(Number(params.totalCost)))
        problems.push('totalCost is required (a number)');
      if (!params.status || !STATUSES.has(params.status))
        problems.push(`status must be one of ${[...STATUSES].join(', ')}`);
      if (!params.date || !DATE.test(params.date)) problems.push('date is required as YYYY-MM-DDTHH:mm:ss');
      if (!params.externalCustomerId && !params.email && !params.phone)
        problems.push('a contact is required: externalCustomerId, email or phone');
      if (params.items !== undefined) problems.push(...itemProblems(params.items, params.totalCost));
    }
  }
  if (problems.length > 0) return { problems };
  return { event: { eventTypeKey: eventTypeKey as string, keyValue: keyValue as string, params } };
}
