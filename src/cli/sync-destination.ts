// `cartbeacon sync --to <destination>`: the flags and environment variables of each destination,
// turned into syncHistory options (pure apart from reading a --status-map file).
import { existsSync, readFileSync } from 'node:fs';
import type { DestinationName } from '../server/destination.js';
import { ESPUTNIK_BASE_URL, RFMCUBE_BASE_URL } from '../server/destinations/options.js';
import type { SyncOptions } from '../server/sync.js';
import { UsageError, credential } from './args.js';

export const DESTINATIONS: readonly DestinationName[] = ['richpanel', 'rfmcube', 'esputnik'];

export const DESTINATION_FLAGS = {
  to: { type: 'string' },
  'rfmcube-key': { type: 'string' },
  'esputnik-key': { type: 'string' },
  'base-url': { type: 'string' },
  'fix-totals': { type: 'boolean' },
  'item-url': { type: 'string' },
  'without-items': { type: 'boolean' },
  'status-map': { type: 'string' },
} as const;

export const DESTINATION_USAGE = `Other destinations (--to rfmcube | esputnik):
      --to <name>           richpanel (default), rfmcube (imports) or esputnik (order events)
      --rfmcube-key <key>   Rfmcube connector key (better: env RFMCUBE_API_KEY)
      --esputnik-key <key>  eSputnik API key (better: env ESPUTNIK_API_KEY)
      --base-url <url>      API base (default ${RFMCUBE_BASE_URL} / ${ESPUTNIK_BASE_URL};
                            the dev server emulates both: http://127.0.0.1:8787/rfmcube/v1, …/esputnik)
      --status-map <json>   the shop's statuses → the destination's, as JSON or a JSON file,
                            e.g. '{"shipped":"DELIVERED"}'
      --fix-totals          eSputnik: spread a total that differs from its items over the item costs
      --item-url <template> eSputnik: item page when an item has no url, e.g. https://shop.example/p/{id}
      --without-items       eSputnik: send orders without their items (RFM only)`;

interface DestinationValues {
  to?: string | undefined;
  'api-key'?: string | undefined;
  secret?: string | undefined;
  'rfmcube-key'?: string | undefined;
  'esputnik-key'?: string | undefined;
  'base-url'?: string | undefined;
  'fix-totals'?: boolean | undefined;
  'item-url'?: string | undefined;
  'without-items'?: boolean | undefined;
  'status-map'?: string | undefined;
}

function statusMap(text: string | undefined): Record<string, string> | undefined {
  if (text === undefined) return undefined;
  const json = !text.trim().startsWith('{') && existsSync(text) ? readFileSync(text, 'utf8') : text;
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    throw new UsageError(`--status-map must be a JSON object (or a file holding one), like '{"shipped":"DELIVERED"}'`);
  }
  if (
    value === null ||
    typeof value !== 'object' ||
    Array.isArray(value) ||
    !Object.values(value).every((v) => typeof v === 'string')
  ) {
    throw new UsageError('--status-map must map each shop status to a status name (text)');
  }
  return value as Record<string, string>;
}

/** The destination part of the sync options; usage errors name the missing key's variable. */
export function destinationOptions(
  values: DestinationValues,
  env: NodeJS.ProcessEnv,
  dryRun: boolean,
): Pick<SyncOptions, 'destination' | 'apiKey' | 'secret' | 'rfmcube' | 'esputnik'> {
  const to = (values.to ?? 'richpanel') as DestinationName;
  if (!DESTINATIONS.includes(to))
    throw new UsageError(`--to must be one of ${DESTINATIONS.join(', ')}, got "${values.to}"`);
  const only = (flag: keyof DestinationValues, where: DestinationName) => {
    if (values[flag] !== undefined && to !== where) throw new UsageError(`--${flag} is for --to ${where}`);
  };
  const map = statusMap(values['status-map']);
  const base = values['base-url'] === undefined ? {} : { baseUrl: values['base-url'] };
  if (to === 'richpanel') {
    for (const flag of ['base-url', 'status-map'] as const)
      if (values[flag] !== undefined)
        throw new UsageError(`--${flag} is for --to rfmcube or esputnik (Richpanel uses --host)`);
    for (const flag of ['fix-totals', 'item-url', 'without-items', 'esputnik-key'] as const) only(flag, 'esputnik');
    only('rfmcube-key', 'rfmcube');
    const apiKey = credential(values['api-key'], env.RICHPANEL_API_KEY);
    const secret = credential(values.secret, env.RICHPANEL_API_SECRET);
    if (!apiKey) throw new UsageError('no API key: set RICHPANEL_API_KEY (or pass --api-key)');
    if (!secret && !dryRun) throw new UsageError('no API secret: set RICHPANEL_API_SECRET (or pass --secret)');
    return { destination: 'richpanel', apiKey, secret };
  }
  if (to === 'rfmcube') {
    for (const flag of ['fix-totals', 'item-url', 'without-items', 'esputnik-key'] as const) only(flag, 'esputnik');
    const apiKey = credential(values['rfmcube-key'], env.RFMCUBE_API_KEY);
    if (!apiKey) throw new UsageError('no Rfmcube key: set RFMCUBE_API_KEY (or pass --rfmcube-key)');
    return { destination: 'rfmcube', rfmcube: { apiKey, ...base, ...(map ? { statusMap: map } : {}) } };
  }
  only('rfmcube-key', 'rfmcube');
  const apiKey = credential(values['esputnik-key'], env.ESPUTNIK_API_KEY);
  if (!apiKey) throw new UsageError('no eSputnik key: set ESPUTNIK_API_KEY (or pass --esputnik-key)');
  return {
    destination: 'esputnik',
    esputnik: {
      apiKey,
      ...base,
      ...(map ? { statusMap: map as NonNullable<SyncOptions['esputnik']>['statusMap'] } : {}),
      ...(values['fix-totals'] ? { fixTotals: true } : {}),
      ...(values['item-url'] === undefined ? {} : { itemUrl: values['item-url'] }),
      ...(values['without-items'] ? { items: false } : {}),
    },
  };
}
