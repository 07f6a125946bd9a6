// One of Rfmcube's single-record routes as a sync Destination, so a relay delivers its bodies with
// `deliverChange` under the shared request loop and Rfmcube's own answers (416 = too large; 401,
// 403, 406 = a wrong setting).
import { deliverItems } from '../../delivery/deliver-items.js';
import type { Destination } from '../../sync/destination.js';
import {
  RFMCUBE_CONFIG_HINT,
  RFMCUBE_CONFIG_STATUSES,
  rfmcubeHeaders,
  rfmcubeVerdict,
} from '../../sync/destinations/rfmcube/http.js';

export type RfmcubeRoute = 'merge_customer' | 'merge_order' | 'delete_customer';

/**
 * A 404 from `merge_order` means Rfmcube lacks the order's customer, and from `delete_customer` that
 * there is no such customer: answers about the data there, not a wrong address (which `merge_customer`
 * still reports as one).
 */
const DATA_404: ReadonlySet<RfmcubeRoute> = new Set<RfmcubeRoute>(['merge_order', 'delete_customer']);
const WITHOUT_404: ReadonlySet<number> = new Set([...RFMCUBE_CONFIG_STATUSES].filter((s) => s !== 404));

export function rfmcubeRoute(route: RfmcubeRoute, base: string, apiKey: string): Destination<unknown> {
  const url = `${base}/${route}`;
  const headers = rfmcubeHeaders(apiKey);
  return {
    name: 'rfmcube',
    account: `rfmcube\u0000${apiKey}`,
    // The body is built by the relay target: read takes it as it is.
    read: (value) => ({ item: value }),
    maxItems: 1,
    deliver: (items, ctx) =>
      deliverItems(items, ctx, {
        request: ([body]) => ({ method: 'POST', url, headers, body: JSON.stringify(body) }),
        verdict: rfmcubeVerdict,
        configStatuses: DATA_404.has(route) ? WITHOUT_404 : RFMCUBE_CONFIG_STATUSES,
        configHint: RFMCUBE_CONFIG_HINT,
      }),
  };
}
