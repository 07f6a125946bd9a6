// Order checks against the documented required fields: the problems the Richpanel sync refuses, shown as warnings.
import { describe, expect, it } from 'vitest';
import { orderWarnings } from '../../src/collector/orders.js';
import { ORDER_FIXTURE } from '../fixtures/load.js';

const fixture = ORDER_FIXTURE;

describe('orderWarnings', () => {
  it('finds nothing to say about the documented order', () => {
    expect(orderWarnings(fixture)).toEqual([]);
  });

  it('accepts snake_case order_id and numeric strings', () => {
    expect(orderWarnings({ order_id: 'A1', amount: '19.90', items: [{ price: '9.95', quantity: 2 }] })).toEqual([]);
  });

  it('names each missing top-level field', () => {
    expect(orderWarnings({})).toEqual([
      'orderId is missing',
      'amount is missing',
      'items is missing or empty: list the products of the order',
    ]);
  });

  it('names item fields that are missing or not numbers, by index', () => {
    expect(
      orderWarnings({ orderId: '1', amount: 3, items: [{ price: 1, quantity: 1 }, { price: 'free' }, 'x'] }),
    ).toEqual([
      'items[1].quantity is missing',
      'items[1].price must be a number of 0 or more (got "free")',
      'items[2] is not an object',
    ]);
  });

  it('checks fulfillment ids and their items when fulfillment is present', () => {
    const order = {
      orderId: '1',
      amount: 3,
      items: [],
      fulfillment: [{ items: [{ quantity: 1 }] }, { id: 'f2', items: [{ id: 'x' }] }],
    };
    expect(orderWarnings(order)).toEqual([
      'items is missing or empty: list the products of the order',
      'fulfillment[0].id is missing',
      'fulfillment[0].items[0].id is missing',
      'fulfillment[1].items[0].quantity is missing',
    ]);
  });

  it('warns when items or fulfillment are not arrays', () => {
    expect(orderWarnings({ orderId: '1', amount: 1, items: {}, fulfillment: {} })).toEqual([
      'items must be an array of the products of the order (got {})',
      'fulfillment must be an array of shipments (got {})',
    ]);
  });

  it('warns when an order has no properties at all', () => {
    expect(orderWarnings(null)).toEqual(['the order is not an object: give orderId, amount and items']);
  });
});
