// `cartbeacon sync --to <destination>`: every destination's flags, environment variables and help,
// built from the destination table (src/sync/destinations/table.ts), turned into syncHistory
// options; and the library's messages, which name options (`rfmcube.apiKey`), worded as the flags
// that set them (--rfmcube-key / RFMCUBE_API_KEY).
import type { DestinationDescriptor, OptionSpec } from '../sync/destination.js';
import { DEFAULT_DESTINATION, DESTINATIONS, destinationNamed } from '../sync/destinations/table.js';
import type { SyncOptions } from '../sync/sync.js';
import { UsageError } from './args.js';
import { DEFAULT_PORT } from './dev.js';

/** Where `cartbeacon dev` listens by default: the help points the emulators' addresses there. */
const DEV_URL = `http://127.0.0.1:${DEFAULT_PORT}`;
/** Help columns: flags, then what they do. */
const FLAG_COLUMN = 28;

const descriptors = DESTINATIONS as readonly DestinationDescriptor[];

/** Every destination flag once (destinations may share one, like --base-url), plus --to. */
export const DESTINATION_FLAGS: Record<string, { type: 'string' | 'boolean' }> = Object.fromEntries([
  ['to', { type: 'string' }],
  ...descriptors.flatMap((d) => d.options.map((o) => [o.flag, { type: o.type }] as const)),
]);

export type FlagValues = Record<string, string | boolean | undefined>;

/** `      --item-url <template>   what it does` */
export function helpLine(flag: string, help: string): string {
  const left = `      ${flag}`;
  return `${left.padEnd(FLAG_COLUMN)}${left.length >= FLAG_COLUMN ? ' ' : ''}${help}`;
}

function flagHelp(d: DestinationDescriptor, o: OptionSpec): string {
  const flag = `--${o.flag}${o.arg ? ` ${o.arg}` : ''}`;
  const env = o.env ? ` (better: env ${o.env})` : '';
  const lines = [helpLine(flag, `${o.help}${env}`)];
  if (d.emulator?.option === o.option)
    lines.push(helpLine('', `the dev server stands in for it: --${o.flag} ${DEV_URL}${d.emulator.path}`));
  return lines.join('\n');
}

/** One section per destination: what it receives, then its flags. */
export function destinationUsage(): string {
  return descriptors
    .map((d) => {
      const head = `${d.title} (--to ${d.name}${d.name === DEFAULT_DESTINATION ? ', the default' : ''}): ${d.summary}`;
      return [head, ...d.options.map((o) => flagHelp(d, o))].join('\n');
    })
    .join('\n\n');
}

/** `--rate`'s defaults, from each destination's. */
export function rateDefaults(): string {
  const paced = descriptors.filter((d) => d.defaultRatePerMinute !== undefined || d.defaultPace !== undefined);
  return `default: ${paced.map((d) => `${d.name} ${d.defaultPace ?? d.defaultRatePerMinute}`).join(', ')}; otherwise no limit`;
}

export function ownerList(flag: string): string {
  return descriptors
    .filter((d) => d.options.some((o) => o.flag === flag))
    .map((d) => d.name)
    .join(' or ');
}

/** An option's value from its flag (or environment variable), parsed; undefined when neither is set. */
export function optionValue(o: OptionSpec, values: FlagValues, env: NodeJS.ProcessEnv): unknown {
  const given = values[o.flag];
  if (o.type === 'boolean') return given === true ? (o.switchValue ?? true) : undefined;
  // Flag first, then the environment variable; flags end up in shell history, so the env is preferred.
  const text = typeof given === 'string' ? given : o.env ? env[o.env] || undefined : undefined;
  if (text === undefined || !o.parse) return text;
  try {
    return o.parse(text);
  } catch (error) {
    throw new UsageError(`--${o.flag} ${(error as Error).message}`);
  }
}

/** The destination part of the sync options, from flags and environment; usage errors name flags and variables. */
export function destinationOptions(
  values: FlagValues,
  env: NodeJS.ProcessEnv,
  dryRun: boolean,
): { descriptor: DestinationDescriptor; options: Partial<SyncOptions> } {
  const to = typeof values.to === 'string' ? values.to : DEFAULT_DESTINATION;
  const descriptor = destinationNamed(to);
  if (!descriptor)
    throw new UsageError(`--to must be one of ${descriptors.map((d) => d.name).join(', ')}, got "${values.to}"`);
  const own = new Set(descriptor.options.map((o) => o.flag));
  for (const flag of Object.keys(DESTINATION_FLAGS)) {
    if (flag !== 'to' && values[flag] !== undefined && !own.has(flag))
      throw new UsageError(`--${flag} is for --to ${ownerList(flag)}`);
  }
  const settings: Record<string, unknown> = {};
  for (const o of descriptor.options) {
    const value = optionValue(o, values, env);
    const needed = o.required === 'always' || (o.required === 'to send' && !dryRun);
    if (needed && (value === undefined || value === '')) {
      const where = o.env ? `set ${o.env} (or pass --${o.flag})` : `pass --${o.flag}`;
      throw new UsageError(`no ${o.label ?? o.option}: ${where}`);
    }
    if (value !== undefined) settings[o.option] = value;
  }
  const options: Partial<SyncOptions> =
    descriptor.optionsKey === undefined
      ? { destination: to as SyncOptions['destination'], ...settings }
      : { destination: to as SyncOptions['destination'], [descriptor.optionsKey]: settings };
  return { descriptor, options };
}

/** The sync's own options, as the CLI sets them (library messages name these too). */
const SYNC_FLAGS: Record<string, string> = {
  destination: '--to',
  'resume: true': '--resume',
  checkpoint: '--checkpoint',
  rejects: '--rejects',
  concurrency: '--concurrency',
  ratePerMinute: '--rate',
  'dryRun: true': '--dry-run',
};

/**
 * Library messages name options in backticks (`rfmcube.apiKey`, `fixTotals: true`, `resume: true`);
 * the CLI says which flag (or environment variable) sets each one.
 */
export function flagWording(descriptor: DestinationDescriptor): (message: string) => string {
  const names = new Map(Object.entries(SYNC_FLAGS));
  for (const o of descriptor.options) {
    const flag = o.env ? `--${o.flag} / ${o.env}` : `--${o.flag}`;
    const prefixes = descriptor.optionsKey === undefined ? [''] : [`${descriptor.optionsKey}.`, ''];
    for (const prefix of prefixes) {
      names.set(`${prefix}${o.option}`, flag);
      if (o.type === 'boolean') names.set(`${prefix}${o.option}: ${JSON.stringify(o.switchValue ?? true)}`, flag);
    }
  }
  return (message) => message.replace(/`([^`]+)`/g, (all, name: string) => names.get(name) ?? all);
}
