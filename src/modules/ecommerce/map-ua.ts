// Universal Analytics enhanced e-commerce (Google's "Enhanced Ecommerce for Tag Manager" guide) →
// GA4's names, then map-ga4.ts (pure). Themes push these objects with or without an `event` key,
// so the action keys of `ecommerce` decide: `detail`, `add`, `remove`, `checkout`, `purchase`,
// `refund`. Impressions, promotions, clicks and `checkout_option` have no Richpanel event.
import { obj, type Obj } from './fields.js';
import { type Call, mapGa4 } from './map-ga4.js';
import type { Warn } from './warnings.js';

/** Each UA action and the GA4 event it is (a `checkout` past step 1 is `add_payment_info`). */
const ACTIONS: Record<string, string> = {
  detail: 'view_item',
  add: 'add_to_cart',
  remove: 'remove_from_cart',
  checkout: 'begin_checkout',
  purchase: 'purchase',
  refund: 'refund',
};

/** The calls for a UA `ecommerce` object, or undefined when it holds no UA action (it may be GA4's). */
export function mapUa(e: Obj, key: string, warn: Warn): Call[] | undefined {
  let calls: Call[] | undefined;
  for (const action in ACTIONS) {
    const a = obj(e[action]);
    if (!a) continue;
    const f = obj(a.actionField) || {};
    const name = action === 'checkout' && Number(f.step) > 1 ? 'add_payment_info' : ACTIONS[action];
    calls = (calls || []).concat(
      mapGa4(
        name,
        {
          currency: e.currencyCode,
          items: a.products,
          transaction_id: f.id,
          value: f.revenue,
          tax: f.tax,
          shipping: f.shipping,
          coupon: f.coupon,
          checkoutStep: f.step,
          checkoutOption: f.option,
        },
        key,
        warn,
      ),
    );
  }
  return calls;
}
