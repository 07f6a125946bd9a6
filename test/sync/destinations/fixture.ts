// The documented order fixture (test/fixtures) and small builders.
import { expect } from 'vitest';
import { ORDER_FIXTURE } from '../../fixtures/load.js';
import { DestinationError } from '../../../src/sync/errors.js';

export { ORDER_FIXTURE };

/** The fixture with changes, as a fresh object. */
export function fixtureOrder(changes: Record<string, unknown> = {}): Record<string, unknown> {
  return { ...structuredClone(ORDER_FIXTURE), ...changes };
}

/** Order `n` of `customers` different shoppers, items adding up to the total (valid for both destinations). */
export function historyOrder(n: number, customers = 10): Record<string, unknown> {
  const shopper = n % customers;
  return {
    orderId: `order-${n}`,
    email: `shopper${shopper}@example.com`,
    customerId: `c${shopper}`,
    firstName: 'Test',
    amount: 59.97,
    currency: 'USD',
    status: n % 3 === 0 ? 'completed' : 'processing',
    createdAt: 1_700_000_000_000 + n * 60_000,
    items: [
      {
        id: 'p1',
        name: 'Shirt',
        price: 19.99,
        quantity: 1,
        url: 'https://shop.example/p1',
        imageUrl: 'https://cdn.shop.example/p1.jpg',
      },
      {
        id: 'p2',
        name: 'Socks',
        price: 19.99,
        quantity: 2,
        url: 'https://shop.example/p2',
        imageUrl: 'https://cdn.shop.example/p2.jpg',
      },
    ],
  };
}

export function historyLines(count: number, customers = 10): string[] {
  return Array.from({ length: count }, (_, i) => JSON.stringify(historyOrder(i + 1, customers)));
}

/** The problems a mapper's DestinationError names (fails when it throws anything else, or nothing). */
export function problemsOf(run: () => unknown): readonly string[] {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(DestinationError);
    return (error as DestinationError).problems;
  }
  throw new Error('expected a DestinationError');
}
