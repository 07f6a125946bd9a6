// Richpanel, the default destination: lines become `order` (or named) events with content-based
// eventIds, sent to `<host>/v2/bt` in signed batches of 25.
import { DEFAULT_HOST } from '../../../protocol/hosts.js';
import { MAX_BATCH_EVENTS } from '../../../protocol/limits.js';
import { requireCredentials, type Credentials, type ServerEvent } from '../../../server/batch.js';
import { deliverBatch } from '../../../server/deliver-batch.js';
import { SyncError } from '../../../server/errors.js';
import { batchUrl } from '../../../server/send.js';
import type { DestinationDescriptor } from '../../destination.js';
import { historyEvent } from './history-event.js';
import { richpanelRefuses } from './order-rules.js';

/** Richpanel's options sit at the top level of the sync options (`apiKey`, `secret`, `host`). */
export interface RichpanelOptions {
  apiKey?: string | undefined;
  secret?: string | undefined;
  /** Collector origin; events go to `<host>/v2/bt`. Default `https://api.richpanel.com`. */
  host?: string | undefined;
}

export const richpanel: DestinationDescriptor<'richpanel', undefined, RichpanelOptions, ServerEvent> = {
  name: 'richpanel',
  title: 'Richpanel',
  summary: `signed batches of ${MAX_BATCH_EVENTS} events to <host>/v2/bt`,
  optionsKey: undefined,
  options: [
    {
      option: 'apiKey',
      flag: 'api-key',
      type: 'string',
      arg: '<key>',
      env: 'RICHPANEL_API_KEY',
      label: 'API key',
      required: 'always',
      help: 'Richpanel API key',
    },
    {
      option: 'secret',
      flag: 'secret',
      type: 'string',
      arg: '<secret>',
      env: 'RICHPANEL_API_SECRET',
      label: 'API secret',
      required: 'to send',
      help: 'Richpanel API secret',
    },
    { option: 'host', flag: 'host', type: 'string', arg: '<url>', help: `collector origin (default ${DEFAULT_HOST})` },
  ],
  // The dev server is a Richpanel-compatible collector at its own root: --host <dev url>.
  emulator: { path: '', option: 'host' },
  refuses: richpanelRefuses,
  create(options = {}, run) {
    let credentials: Credentials;
    if (run.dryRun) {
      // A dry run makes the eventIds (from the key) but signs nothing.
      if (typeof options.apiKey !== 'string' || options.apiKey === '')
        throw new SyncError('the Richpanel API key is missing: pass `apiKey`');
      credentials = { apiKey: options.apiKey, secret: '' };
    } else credentials = requireCredentials(options);
    const url = run.dryRun ? '' : batchUrl(options.host);
    return {
      name: 'richpanel',
      account: credentials.apiKey,
      read: (value, text) => historyEvent(value, credentials.apiKey, run.now, text),
      maxItems: MAX_BATCH_EVENTS,
      deliver: (events, ctx) => deliverBatch(events, { ...ctx, url, credentials }),
    };
  },
};
