// The Richpanel destination of a history sync (the default): lines become `order` (or named) events
// with stable eventIds, sent to `<host>/v2/bt` in signed batches of 25.
import { MAX_BATCH_EVENTS } from '../protocol/limits.js';
import { requireCredentials, type Credentials, type ServerEvent } from './batch.js';
import { deliverBatch } from './deliver.js';
import type { SyncDestination } from './destination.js';
import { SyncError } from './errors.js';
import { readHistoryLine } from './history-line.js';
import { batchUrl } from './send.js';

export interface RichpanelDestinationOptions {
  apiKey?: string | undefined;
  secret?: string | undefined;
  host?: string | undefined;
  /** A dry run needs the key (for the eventIds) but not the secret. */
  dryRun: boolean;
  /** The time of a line that has none (epoch ms). */
  fallbackMs: number;
}

export function richpanelDestination(options: RichpanelDestinationOptions): SyncDestination<ServerEvent> {
  let credentials: Credentials;
  if (options.dryRun) {
    if (typeof options.apiKey !== 'string' || options.apiKey === '')
      throw new SyncError('the API key is missing: pass apiKey (the CLI reads --api-key or RICHPANEL_API_KEY)');
    credentials = { apiKey: options.apiKey, secret: '' };
  } else credentials = requireCredentials(options);
  const url = options.dryRun ? '' : batchUrl(options.host);
  return {
    name: 'richpanel',
    account: credentials.apiKey,
    read(text) {
      const result = readHistoryLine(text, credentials.apiKey, options.fallbackMs);
      return 'reason' in result ? result : { item: result.event };
    },
    maxItems: MAX_BATCH_EVENTS,
    deliver: (events, ctx) => deliverBatch(events, { ...ctx, url, credentials }),
  };
}
