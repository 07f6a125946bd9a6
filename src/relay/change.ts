// A call's argument → the change the relay holds (pure): a JSON copy (so a later mutation of the
// caller's object changes nothing, and an outbox stores exactly what is sent), the order or customer
// it is about (read by the sync's one reader, readOrder), and the keys that order its delivery.
import { dropPrototypeKeys, isPlainObject } from '../server/user-data.js';
import { orderOfLine } from '../sync/order/order-line.js';
import { readOrder, type OrderCustomer } from '../sync/order/read-order.js';
import { RelayInputError } from './errors.js';
import type { ChangeKind } from './types.js';

const WHAT: Record<ChangeKind, string> = { order: 'the order', customer: 'the customer', delete: 'the erasure' };

/** The change as JSON text and its parsed copy. @throws RelayInputError when it is not a JSON object. */
export function jsonCopy(kind: ChangeKind, input: unknown): { value: Record<string, unknown>; text: string } {
  const example =
    kind === 'order'
      ? '{ orderId, amount, items, … }'
      : kind === 'customer'
        ? '{ id, email, … }'
        : '{ id } or { email }';
  const notObject = () => new RelayInputError(kind, WHAT[kind], { input: [`it must be an object such as ${example}`] });
  if (input === null || typeof input !== 'object' || Array.isArray(input)) throw notObject();
  let text: string;
  try {
    // A model object (an ORM row with toJSON) is taken as its JSON.
    text = JSON.stringify(input, dropPrototypeKeys);
  } catch {
    throw new RelayInputError(kind, WHAT[kind], {
      input: ['it is not JSON-serializable (a cycle or a BigInt?): pass plain JSON values'],
    });
  }
  const value: unknown = text === undefined ? undefined : JSON.parse(text);
  if (!isPlainObject(value)) throw notObject();
  return { value, text };
}

/** The order itself: the value, or the properties (plus customer) of an `{ event: 'order', … }` change. */
export function plainOrder(value: Record<string, unknown>): Record<string, unknown> {
  const read = orderOfLine(value, 'the relay');
  if ('reason' in read) throw new RelayInputError('order', WHAT.order, { input: [read.reason] });
  return read.item;
}

/** A customer change read by the order reader (as an order's `customer`), with its problems. */
export function readCustomer(value: Record<string, unknown>): { customer: OrderCustomer; problems: string[] } {
  const { order, problems } = readOrder({ customer: value });
  const own = problems.filter((p) => p.field === 'email' || p.field.startsWith('customer.')).map((p) => p.message);
  return { customer: order.customer, problems: own };
}

/** The id and e-mail a change is about (an order's customer, a customer, an erasure's target). */
export function subjectOf(kind: ChangeKind, value: Record<string, unknown>): { id?: string; email?: string } {
  const customer = kind === 'order' ? readOrder(plainOrder(value)).order.customer : readCustomer(value).customer;
  return {
    ...(customer.id === undefined ? {} : { id: customer.id }),
    ...(customer.email === undefined ? {} : { email: customer.email }),
  };
}

/** How a message names the change: `order "1001"`, `customer "a@example.com"`. */
export function describeChange(kind: ChangeKind, value: Record<string, unknown>): string {
  if (kind === 'order') {
    const { id } = readOrder(plainOrder(value)).order;
    return id === undefined ? 'the order (no id)' : `order ${JSON.stringify(id)}`;
  }
  const { id, email } = subjectOf(kind, value);
  const who = email ?? id;
  const noun = kind === 'customer' ? 'customer' : 'the erasure of customer';
  return who === undefined ? WHAT[kind] : `${noun} ${JSON.stringify(who)}`;
}

/**
 * What orders a change's delivery, per destination: changes sharing a key go out in the order they
 * were accepted (an order and the later changes of that order or its customer); an erasure waits for
 * everything accepted before it and holds back everything after it.
 */
export function orderingOf(kind: ChangeKind, value: Record<string, unknown>): { keys: string[]; barrier: boolean } {
  if (kind === 'delete') return { keys: [], barrier: true };
  const { id, email } = subjectOf(kind, value);
  const keys: string[] = [];
  if (kind === 'order') {
    const orderId = readOrder(plainOrder(value)).order.id;
    if (orderId !== undefined) keys.push(`order ${orderId}`);
  }
  if (email !== undefined) keys.push(`email ${email}`);
  if (id !== undefined) keys.push(`customer ${id}`);
  return { keys, barrier: false };
}
