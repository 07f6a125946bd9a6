// Order checks for the dev collector (pure): the problems Richpanel refuses an order for, read by the
// one order reader the history sync uses (src/sync/order). The collector shows them as warnings on
// the stored event: a collector for development shows problems, it does not drop orders.
import { readOrder } from '../sync/order/read-order.js';
import { richpanelOrderProblems } from '../sync/destinations/richpanel/order-rules.js';

/**
 * Warnings for an `order` event's properties: `orderId` (or `order_id`), `amount`, a non-empty
 * `items` with each item's `price` and `quantity`, readable dates; when `fulfillment` is present,
 * each entry's `id` and its items' `id` and `quantity`. The same rules refuse the order in `cartbeacon sync`.
 */
export function orderWarnings(properties: unknown): string[] {
  return richpanelOrderProblems(readOrder(properties).problems);
}
