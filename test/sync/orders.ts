// Order-history lines for the sync tests and the bench, built from the documented fixture.
import { ORDER_FIXTURE as fixture } from '../fixtures/load.js';

/** Order number `n` as a JSON line (orderId = "order-n"). */
export function orderLine(n: number): string {
  return JSON.stringify({ ...fixture, orderId: `order-${n}`, createdAt: 1_700_000_000_000 + n * 1000 });
}

export function orderLines(count: number): string[] {
  return Array.from({ length: count }, (_, i) => orderLine(i + 1));
}
