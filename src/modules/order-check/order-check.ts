// The debug order check: while debug is on, an `order` that lacks a documented required field gets
// one warning (W10, detail: the field); it is sent all the same. A module, loaded only when debug is
// turned on: in production an order pays nothing for a check nobody reads.
import type { CartbeaconModule } from '../module.js';
import { orderProblem } from './order-problem.js';

/** The core's W10: an `order` lacks a documented required field. */
const W_ORDER_FIELD = 10;

/** The order-check module: `createTracker({ apiKey, use: [orderCheck()] })`, active while debug is on. */
export const orderCheck = (): CartbeaconModule => ({
  name: 'order-check',
  setup: ({ warn }) => ({
    order(properties) {
      const missing = orderProblem(properties);
      if (missing) warn(W_ORDER_FIELD, missing);
    },
  }),
});
