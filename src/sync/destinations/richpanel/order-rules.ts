// What Richpanel needs of an order, from readOrder's one list of problems (pure). The history sync
// refuses an order with any of these; the dev collector, which stands in for Richpanel, shows the
// same problems as warnings on the stored event. Everything else passes through untouched.
import type { OrderField, OrderProblem } from '../../order/read-order.js';

/** Richpanel's documented required order fields: orderId, amount, each item's price and quantity, and fulfillment ids. */
const REQUIRED: ReadonlySet<OrderField> = new Set<OrderField>([
  'order',
  'orderId',
  'amount',
  'items',
  'items[]',
  'items[].price',
  'items[].quantity',
  'fulfillment',
  'fulfillment[]',
  'fulfillment[].id',
  'fulfillment[].items',
  'fulfillment[].items[]',
  'fulfillment[].items[].id',
  'fulfillment[].items[].quantity',
]);

/** True when Richpanel cannot take an order with this problem. */
export function richpanelRefuses(problem: OrderProblem): boolean {
  if (REQUIRED.has(problem.field)) return true;
  // The event's time: an unreadable date is refused; without one, the order gets the time of the run.
  return (problem.field === 'createdAt' || problem.field === 'updatedAt') && problem.kind === 'invalid';
}

/** The problems of an order that Richpanel refuses, as messages. */
export function richpanelOrderProblems(problems: readonly OrderProblem[]): string[] {
  return problems.filter(richpanelRefuses).map((p) => p.message);
}
