// Rfmcube: orders imported grouped by customer (`POST /import`), each import followed until
// Rfmcube reports it completed; 55 requests a minute, polls included.
import type { DestinationDescriptor } from '../../destination.js';
import { statusMapFlag } from '../status-map-flag.js';
import { rfmcubeDestination } from './client.js';
import { RFMCUBE_DEFAULT_RATE_PER_MINUTE } from './limits.js';
import { rfmcubeRefuses, type RfmcubeCustomer } from './map.js';
import { RFMCUBE_BASE_URL, type RfmcubeOptions } from './options.js';

export const rfmcube: DestinationDescriptor<'rfmcube', 'rfmcube', RfmcubeOptions, RfmcubeCustomer> = {
  name: 'rfmcube',
  title: 'Rfmcube',
  summary: `imports grouped by customer, ${RFMCUBE_DEFAULT_RATE_PER_MINUTE} requests a minute`,
  optionsKey: 'rfmcube',
  options: [
    {
      option: 'apiKey',
      flag: 'rfmcube-key',
      type: 'string',
      arg: '<key>',
      env: 'RFMCUBE_API_KEY',
      label: 'Rfmcube key',
      required: 'always',
      help: 'Rfmcube connector key',
    },
    {
      option: 'baseUrl',
      flag: 'base-url',
      type: 'string',
      arg: '<url>',
      help: `API base (default ${RFMCUBE_BASE_URL})`,
    },
    statusMapFlag('Rfmcube', '{"shipped":"complete"}'),
  ],
  defaultRatePerMinute: RFMCUBE_DEFAULT_RATE_PER_MINUTE,
  emulator: { path: '/rfmcube/v1', option: 'baseUrl' },
  refuses: rfmcubeRefuses,
  create: (options) => rfmcubeDestination(options),
};
