// The eSputnik destination of a history sync: one "Generate event" (`POST /api/v1/event`, HTTP Basic
// with the API key) per order, paced and retried like every other request.
import { deliverItems, type DeliveryPlan } from '../deliver.js';
import type { SyncDestination } from '../destination.js';
import { SyncError } from '../errors.js';
import { baseUrl } from './base-url.js';
import { toEsputnikEvent, type EsputnikEvent } from './esputnik-map.js';
import { ESPUTNIK_DEFAULT_RATE_PER_MINUTE } from './limits.js';
import { ESPUTNIK_BASE_URL, type EsputnikOptions } from './options.js';
import { reasonOf, readOrderLine } from './order-line.js';

/** eSputnik reads the API key as the Basic password; the user name is not checked. */
const BASIC_USER = 'cartbeacon';

export function esputnikDestination(options: EsputnikOptions): SyncDestination<EsputnikEvent> {
  if (typeof options.apiKey !== 'string' || options.apiKey === '') {
    throw new SyncError(
      'the eSputnik API key is missing: pass esputnik.apiKey (the CLI reads --esputnik-key or ESPUTNIK_API_KEY)',
    );
  }
  const url = `${baseUrl(options.baseUrl, ESPUTNIK_BASE_URL, 'the eSputnik base URL (--base-url)')}/api/v1/event`;
  const headers = {
    'content-type': 'application/json',
    accept: 'application/json',
    authorization: `Basic ${Buffer.from(`${BASIC_USER}:${options.apiKey}`, 'utf8').toString('base64')}`,
  };
  const plan: DeliveryPlan<EsputnikEvent> = {
    // One event per request: Generate event takes exactly one.
    request: ([event]) => ({ method: 'POST', url, headers, body: JSON.stringify(event) }),
    configHint: 'check the eSputnik key (--esputnik-key / ESPUTNIK_API_KEY) and --base-url',
  };
  return {
    name: 'esputnik',
    account: `esputnik\u0000${options.apiKey}`,
    read(text) {
      const order = readOrderLine(text, 'eSputnik');
      if ('reason' in order) return order;
      try {
        return { item: toEsputnikEvent(order.item, options) };
      } catch (error) {
        return reasonOf(error);
      }
    },
    maxItems: 1,
    defaultRatePerMinute: ESPUTNIK_DEFAULT_RATE_PER_MINUTE,
    deliver: (items, ctx) => deliverItems(items, ctx, plan),
  };
}
