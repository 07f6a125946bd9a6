// eSputnik: each group of orders is its contacts (`POST /v1/contacts`, followed until eSputnik has
// finished importing them), then the orders ("Add orders" `POST /v1/orders`, or "Generate past
// events"), each kind paced at eSputnik's own limit (history.ts).
import type { DestinationDescriptor, OptionSpec } from '../../destination.js';
import { statusMapFlag } from '../status-map-flag.js';
import { esputnikHistory } from './history.js';
import { esputnikRefuses, type EsputnikHistoryItem } from './map.js';
import { ESPUTNIK_BASE_URL, type EsputnikOptions } from './options.js';
import { esputnikPacePerMinute } from './pace.js';

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
    option: 'history',
    flag: 'past-events',
    type: 'boolean',
    switchValue: 'pastEvents',
    help: 'send orders as past events (Generate past events) instead of Add orders',
  },
  {
    option: 'items',
    flag: 'without-items',
    type: 'boolean',
    switchValue: false,
    help: 'send orders without their items (RFM only)',
  },
];

export const esputnik: DestinationDescriptor<'esputnik', 'esputnik', EsputnikOptions, EsputnikHistoryItem> = {
  name: 'esputnik',
  title: 'eSputnik',
  summary: "contacts first, then orders in bulk, at eSputnik's own rate limits",
  optionsKey: 'esputnik',
  options: OPTIONS,
  defaultPace: `at its own limits (${esputnikPacePerMinute('rest')} a minute for contacts and orders, ${esputnikPacePerMinute('pastEvents')} for past events)`,
  emulator: { path: '/esputnik', option: 'baseUrl' },
  refuses: esputnikRefuses,
  create: (options) => esputnikHistory(options),
};
