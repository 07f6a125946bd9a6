// One eSputnik request of the relay (a contact, an event, a search, an erasure) as a sync
// Destination, so it goes through `deliverChange` and the shared request loop, paced at the limit of
// its kind (Generate event, or the rest). A 404 of a search or an erasure is about the data (no
// such contact), not a wrong address.
import { deliverItems } from '../../delivery/deliver-items.js';
import type { Answer } from '../../delivery/request.js';
import type { Destination } from '../../sync/destination.js';
import { ESPUTNIK_CONFIG_HINT, esputnikHeaders, esputnikUrl } from '../../sync/destinations/esputnik/http.js';
import { pacedFor, type EsputnikRateClass } from '../../sync/destinations/esputnik/pace.js';

/** One request: the method, the path under `/api/v1/`, and the JSON body. */
export interface EsputnikCall {
  method: 'GET' | 'POST' | 'DELETE';
  path: string;
  body?: unknown;
}

const WITHOUT_404: ReadonlySet<number> = new Set([401, 403]);

export function esputnikRoute(
  base: string,
  apiKey: string,
  account: string,
  kind: EsputnikRateClass,
  onAnswer?: (answer: Answer) => void,
): Destination<EsputnikCall> {
  const headers = esputnikHeaders(apiKey);
  return {
    name: 'esputnik',
    account: `esputnik\u0000${apiKey}`,
    // The call is built by the relay target: read takes it as it is.
    read: (value) => ({ item: value as unknown as EsputnikCall }),
    maxItems: 1,
    deliver: (items, ctx) =>
      deliverItems(items, pacedFor(ctx, account, kind), {
        request: ([call]) => ({
          method: call!.method,
          url: esputnikUrl(base, call!.path),
          headers,
          ...(call!.body === undefined ? {} : { body: JSON.stringify(call!.body) }),
        }),
        ...(items[0]?.method === 'POST' ? {} : { configStatuses: WITHOUT_404 }),
        configHint: ESPUTNIK_CONFIG_HINT,
        accepted: (answer, taken) => {
          onAnswer?.(answer);
          return { delivered: taken.length, rejected: [], retried: 0 };
        },
      }),
  };
}
