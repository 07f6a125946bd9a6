// What eSputnik checks in what it is sent, as documented (pure): an order event of Generate event
// (required params, the date form, a contact, complete items whose costs add up to totalCost, the key
// lengths; the reference page "Sending Orders via the API Resource Generate event"), a past event (the
// same, plus `occurred`: docs.esputnik.com "Sending Past Events"), an order of Add orders ("Orders
// automation": externalOrderId, totalCost, status, date, email or phone) and a contact (channels or
// an externalCustomerId; yespo-shopify app/@types/contact.d.ts).
import { ESPUTNIK_MAX_EVENT_TYPE_KEY, ESPUTNIK_MAX_KEY_VALUE } from '../../sync/destinations/esputnik/limits.js';
import { ESPUTNIK_STATUSES } from '../../sync/destinations/esputnik/status.js';
import { isRecord } from '../decode.js';

/** eSputnik's documented maximum lengths and statuses (named once, beside the client). */
const MAX_EVENT_TYPE_KEY = ESPUTNIK_MAX_EVENT_TYPE_KEY;
const MAX_KEY_VALUE = ESPUTNIK_MAX_KEY_VALUE;
const STATUSES: ReadonlySet<string> = new Set(ESPUTNIK_STATUSES);
export const ORDER_EVENTS = new Set(['orderCreated', 'orderUpdated', 'orderDelivered', 'orderCancelled']);
const DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/;
/** ISO 8601 as esputnik.com/api "Date/time formats" writes it (date, or date and time), an offset allowed. */
const ISO_TIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
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

/** A past event: an event with the time it happened (`occurred`). */
export function checkPastEvent(body: unknown): { event: CheckedEvent & { occurred: string } } | { problems: string[] } {
  const checked = checkEvent(body);
  const occurred = isRecord(body) ? body.occurred : undefined;
  const timeOk = typeof occurred === 'string' && ISO_TIME.test(occurred) && !Number.isNaN(Date.parse(occurred));
  if ('problems' in checked)
    return { problems: timeOk ? checked.problems : [...checked.problems, 'occurred is required as YYYY-MM-DDTHH:mm'] };
  if (!timeOk) return { problems: ['occurred is required as YYYY-MM-DDTHH:mm'] };
  return { event: { ...checked.event, occurred: occurred as string } };
}

const ORDER_ITEM_FIELDS = ['externalItemId', 'name', 'quantity', 'cost'] as const;

/**
 * Problems of one order of Add orders. Items need an id, name, quantity and cost: eSputnik's own
 * Shopify app sends no url or imageUrl (yespo-shopify create-order-payload.ts), nor items adding up
 * to totalCost (line totals before discounts), so the emulator does not ask for either.
 */
export function orderProblems(order: unknown): string[] {
  if (!isRecord(order)) return ['the order is not an object'];
  const problems: string[] = [];
  if (typeof order.externalOrderId !== 'string' || order.externalOrderId === '')
    problems.push('externalOrderId is required');
  if (typeof order.totalCost !== 'number' || !Number.isFinite(order.totalCost))
    problems.push('totalCost is required (a number)');
  if (typeof order.status !== 'string' || !STATUSES.has(order.status))
    problems.push(`status must be one of ${[...STATUSES].join(', ')}`);
  if (typeof order.date !== 'string' || !ISO_TIME.test(order.date) || Number.isNaN(Date.parse(order.date)))
    problems.push('date is required as ISO 8601 (2017-03-08T09:30:00+02:00)');
  const email = order.email;
  const phone = order.phone;
  if ((typeof email !== 'string' || email === '') && (typeof phone !== 'string' || phone === ''))
    problems.push('email or phone is required');
  if (order.items !== undefined) {
    if (!Array.isArray(order.items)) problems.push('items must be a list');
    else
      order.items.forEach((item: unknown, i) => {
        if (!isRecord(item)) problems.push(`items[${i}] is not an object`);
        else
          for (const field of ORDER_ITEM_FIELDS)
            if (item[field] === undefined || item[field] === null || item[field] === '')
              problems.push(`items[${i}].${field} is required`);
      });
  }
  return problems;
}

/** One contact as the emulator keeps it. */
export interface CheckedContact {
  externalCustomerId?: string;
  email?: string;
  phone?: string;
  firstName?: string;
  lastName?: string;
}

/** A contact of Add/update contact(s): `channels: [{ type, value }]`, `externalCustomerId`, names. */
export function checkContact(value: unknown): { contact: CheckedContact } | { problems: string[] } {
  if (!isRecord(value)) return { problems: ['the contact is not an object'] };
  const problems: string[] = [];
  const contact: CheckedContact = {};
  const id = value.externalCustomerId;
  if (typeof id === 'string' && id !== '') contact.externalCustomerId = id;
  else if (typeof id === 'number') contact.externalCustomerId = String(id);
  for (const field of ['firstName', 'lastName'] as const) {
    const v = value[field];
    if (typeof v === 'string' && v.trim() !== '') contact[field] = v;
  }
  if (value.channels !== undefined && !Array.isArray(value.channels)) problems.push('channels must be a list');
  for (const [i, channel] of (Array.isArray(value.channels) ? value.channels : []).entries()) {
    if (!isRecord(channel) || typeof channel.type !== 'string' || typeof channel.value !== 'string') {
      problems.push(`channels[${i}] must be { type, value }`);
      continue;
    }
    const v = channel.value.trim();
    if (channel.type === 'email') {
      if (!EMAIL.test(v)) problems.push(`channels[${i}] is not an e-mail address: ${JSON.stringify(channel.value)}`);
      else contact.email = v.toLowerCase();
    } else if (channel.type === 'sms') {
      if (!/\d/.test(v)) problems.push(`channels[${i}] is not a phone number: ${JSON.stringify(channel.value)}`);
      else contact.phone = v;
    }
  }
  if (problems.length === 0 && !contact.externalCustomerId && !contact.email && !contact.phone)
    problems.push('a contact needs an e-mail or sms channel, or an externalCustomerId');
  return problems.length > 0 ? { problems } : { contact };
}
