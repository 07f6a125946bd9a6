import { describe, expect, it } from 'vitest';
import { orderProblem } from '../../src/modules/order-check/order-problem.js';
import { ORDER_FIXTURE } from '../fixtures/load.js';

describe('orderProblem', () => {
  it('finds nothing missing in the documented order, camelCase or snake_case id', () => {
    expect(orderProblem(ORDER_FIXTURE)).toBeUndefined();
    const { orderId, ...rest } = ORDER_FIXTURE;
    expect(orderProblem({ ...rest, order_id: orderId })).toBeUndefined();
  });

  it.each([
    [{ amount: 1, items: [{ id: 1, price: 1, quantity: 1 }] }, 'orderId'],
    [{ orderId: '', amount: 1, items: [{ id: 1, price: 1, quantity: 1 }] }, 'orderId'],
    [{ orderId: 1, items: [{ id: 1, price: 1, quantity: 1 }] }, 'amount'],
    [{ orderId: 1, amount: 0 }, 'items'],
    [{ orderId: 1, amount: 0, items: [] }, 'items'],
    [{ orderId: 1, amount: 0, items: [{}] }, 'items[0].id'],
    [
      {
        orderId: 1,
        amount: 0,
        items: [
          { id: 1, price: 0, quantity: 1 },
          { id: 2, quantity: 1 },
        ],
      },
      'items[1].price',
    ],
    [{ orderId: 1, amount: 0, items: [{ id: 1, price: 0, quantity: null }] }, 'items[0].quantity'],
    [{ orderId: 1, amount: 0, items: [{ id: 1, price: 0, quantity: 1 }], fulfillment: 'x' }, 'fulfillment'],
    [{ orderId: 1, amount: 0, items: [{ id: 1, price: 0, quantity: 1 }], fulfillment: [{}] }, 'fulfillment[0].id'],
    [
      {
        orderId: 1,
        amount: 0,
        items: [{ id: 1, price: 0, quantity: 1 }],
        fulfillment: [{ id: 'f', items: [{ id: 1 }] }],
      },
      'fulfillment[0].items[0].quantity',
    ],
  ])('names the first missing field of %j: %s', (order, want) => {
    expect(orderProblem(order as Record<string, unknown>)).toBe(want);
  });
});
