// eSputnik: one "Generate event" (`POST /api/v1/event`, HTTP Basic with the API key) per order,
// paced and retried like every other request.
import { deliverItems, type DeliveryPlan } from '../../../delivery/deliver-items.js';
import { SyncError } from '../../../server/errors.js';
import type { DestinationDescriptor, OptionSpec } from '../../destination.js';
import { reasonOf } from '../../errors.js';
import { orderOfLine } from '../../order/order-line.js';
import { baseUrl } from '../base-url.js';
import { rateKeyOf } from '../rate-key.js';
import { statusMapFlag } from '../status-map-flag.js';
import { ESPUTNIK_DEFAULT_RATE_PER_MINUTE } from './limits.js';
import { esputnikRefuses, toEsputnikEvent, type EsputnikEvent } from './map.js';
import { ESPUTNIK_BASE_URL, type EsputnikOptions } from './options.js';

/** eSputnik reads the API key as the Basic password; the user name is not checked. */
const BASIC_USER = 'cartbeacon';

const OPTIONS: readonly OptionSpec[] = [
  {
    option: 'apiKey',
    flag: 'esputnik-key',
    type: 'string',
    arg: '<key>',
    env: 'ESPUTNIK_API_KEY',
    label: 'eSputnik key',
    required: 'always',
    help: 'eSputnik API key',
  },
  {
    option: 'baseUrl',
    flag: 'base-url',
    type: 'string',
    arg: '<url>',
    help: `API origin (default ${ESPUTNIK_BASE_URL})`,
  },
  statusMapFlag('eSputnik', '{"shipped":"DELIVERED"}'),
  {
    option: 'fixTotals',
    flag: 'fix-totals',
    type: 'boolean',
    help: 'spread a total that differs from its items over the item costs',
  },
  {
    option: 'itemUrl',
    flag: 'item-url',
    type: 'string',
    arg: '<template>',
    help: 'item page when an item has no url, e.g. https://shop.example/p/{id}',
  },
  {
    option: 'items',
    flag: 'without-items',
    type: 'boolean',
    switchValue: false,
    help: 'send orders without their items (RFM only)',
  },
];

export const esputnik: DestinationDescriptor<'esputnik', 'esputnik', EsputnikOptions, EsputnikEvent> = {
  name: 'esputnik',
  title: 'eSputnik',
  summary: 'one order event per order, 600 a minute',
  optionsKey: 'esputnik',
  options: OPTIONS,
  defaultRatePerMinute: ESPUTNIK_DEFAULT_RATE_PER_MINUTE,
  emulator: { path: '/esputnik', option: 'baseUrl' },
  refuses: esputnikRefuses,
  create(options) {
    if (!options) throw new SyncError('the eSputnik options are missing: pass `esputnik: { apiKey }`');
    if (typeof options.apiKey !== 'string' || options.apiKey === '') {
      throw new SyncError('the eSputnik API key is missing: pass `esputnik.apiKey`');
    }
    const base = baseUrl(options.baseUrl, ESPUTNIK_BASE_URL, 'esputnik.baseUrl');
    const url = `${base}/api/v1/event`;
    const headers = {
      'content-type': 'application/json',
      accept: 'application/json',
      authorization: `Basic ${Buffer.from(`${BASIC_USER}:${options.apiKey}`, 'utf8').toString('base64')}`,
    };
    const plan: DeliveryPlan<EsputnikEvent> = {
      // One event per request: Generate event takes exactly one.
      request: ([event]) => ({ method: 'POST', url, headers, body: JSON.stringify(event) }),
      configHint: 'check the eSputnik key and address (`esputnik.apiKey`, `esputnik.baseUrl`)',
    };
    return {
      name: 'esputnik',
      account: `esputnik\u0000${options.apiKey}`,
      read(value) {
        const order = orderOfLine(value, 'eSputnik');
        if ('reason' in order) return order;
        try {
          return { item: toEsputnikEvent(order.item, options) };
        } catch (error) {
          return reasonOf(error);
        }
      },
      maxItems: 1,
      defaultRatePerMinute: ESPUTNIK_DEFAULT_RATE_PER_MINUTE,
      rateKey: rateKeyOf('esputnik', base, options.apiKey),
      deliver: (items, ctx) => deliverItems(items, ctx, plan),
    };
  },
};
