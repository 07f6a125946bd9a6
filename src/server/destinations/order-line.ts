// One history line → the order object the mappers read: a plain order, or an `order` event whose
// userProperties describe the customer (pure).
import { parseObjectLine, type ReadResult } from '../destination.js';
import { isPlainObject } from '../user-data.js';
import { DestinationError } from './errors.js';

export function readOrderLine(text: string, destination: string): ReadResult<Record<string, unknown>> {
  const parsed = parseObjectLine(text);
  if ('reason' in parsed) return parsed;
  const value = parsed.item;
  if (value.event === undefined) return parsed;
  if (value.event !== 'order' || !isPlainObject(value.properties))
    return { reason: `only orders go to ${destination}: this line is a ${JSON.stringify(value.event)} event` };
  const order: Record<string, unknown> = { ...value.properties };
  if (order.customer === undefined && isPlainObject(value.userProperties)) {
    const { uid, ...customer } = value.userProperties;
    order.customer = uid === undefined ? customer : { id: uid, ...customer };
  }
  return { item: order };
}

/** The reason a mapper refused an order, for the rejects file; other errors are bugs and rethrown. */
export function reasonOf(error: unknown): { reason: string } {
  if (error instanceof DestinationError) return { reason: error.message };
  throw error;
}
