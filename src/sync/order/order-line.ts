// An order as a history line (or a relay call) gives it → the order object readOrder reads: a plain
// order, or an `order` event whose userProperties describe the customer (pure).
import { isPlainObject } from '../../server/user-data.js';

export type ReadResult<T> = { item: T } | { reason: string };

/** `{ orderId, … }` as is; `{ event: 'order', properties, userProperties }` → properties + customer. */
export function orderOfLine(value: Record<string, unknown>, destination: string): ReadResult<Record<string, unknown>> {
  if (value.event === undefined) return { item: value };
  if (value.event !== 'order' || !isPlainObject(value.properties))
    return { reason: `only orders go to ${destination}: this line is a ${JSON.stringify(value.event)} event` };
  const order: Record<string, unknown> = { ...value.properties };
  if (order.customer === undefined && isPlainObject(value.userProperties)) {
    const { uid, ...customer } = value.userProperties;
    order.customer = uid === undefined ? customer : { id: uid, ...customer };
  }
  return { item: order };
}
