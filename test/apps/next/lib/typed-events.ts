// The package's types as a shop gets them: `tsc` must refuse these orders (an unused
// `@ts-expect-error` fails the app's type check), so the typed events reach users of the tarball.
import type { Tracker } from 'cartbeacon';

export function refusedOrders(tracker: Tracker): void {
  // @ts-expect-error an order needs an amount
  tracker.track('order', { orderId: '1', items: [] });
  // @ts-expect-error every line needs a price
  tracker.track('order', { orderId: '1', amount: 1, items: [{ id: 'p1', quantity: 1 }] });
  tracker.track('anything_else', { free: ['form'] });
}
