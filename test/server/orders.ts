// Order-history lines for the sync tests and the bench, built from the documented fixture.
import { readFileSync } from 'node:fs';

const fixture = JSON.parse(readFileSync(new URL('../../../shared/fixtures/order-properties.json', import.meta.url), 'utf8')) as Record<string, unknown>;

/** Order number `n` as a JSON line (orderId = "order-n"). */
export function orderLine(n: number): string {
  return JSON.stringify({ ...fixture, orderId: `order-${n}`, createdAt: 1_700_000_000_000 + n * 1000 });
}

export function orderLines(count: number): string[] {
  return Array.from({ length: count }, (_, i) => orderLine(i + 1));
}
