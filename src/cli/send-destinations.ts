// `cartbeacon send --to a,b,c`: the relay's destination options from the same flags and environment
// variables as `cartbeacon sync` (the destination table's), for several destinations at once. A flag
// that several of them share (--base-url, --status-map) is given per destination as `<name>=<value>`;
// `--dev <url>` points every destination at the dev server and its demo credentials.
import type { RelayOptions } from '../relay/types.js';
import type { DestinationDescriptor, OptionSpec } from '../sync/destination.js';
import {
  DEFAULT_DESTINATION,
  DESTINATIONS,
  destinationNamed,
  type DestinationName,
} from '../sync/destinations/table.js';
import { UsageError } from './args.js';
import { DEMO_API_KEY, DEMO_API_SECRET } from './dev.js';
import { DESTINATION_FLAGS, ownerList, optionValue, type FlagValues } from './sync-destination.js';

const descriptors = DESTINATIONS as readonly DestinationDescriptor[];
const owners = (flag: string) => descriptors.filter((d) => d.options.some((o) => o.flag === flag));

/** The destination flags; those several destinations share may repeat (`--base-url rfmcube=… --base-url esputnik=…`). */
export const SEND_DESTINATION_FLAGS: Record<string, { type: 'string' | 'boolean'; multiple?: boolean }> =
  Object.fromEntries(
    Object.entries(DESTINATION_FLAGS).map(([flag, spec]) => [
      flag,
      spec.type === 'string' && owners(flag).length > 1 ? { ...spec, multiple: true } : spec,
    ]),
  );

/** What the dev server accepts without an account: its demo key and secret; the emulators take any key. */
function devCredential(d: DestinationDescriptor, o: OptionSpec): string {
  if (d.name === 'richpanel') return o.option === 'secret' ? DEMO_API_SECRET : DEMO_API_KEY;
  return 'dev';
}

/** `rfmcube=https://…` → the value for rfmcube; a plain value goes to the only selected owner. */
function ownValue(flag: string, given: unknown, d: DestinationDescriptor, selected: readonly string[]): unknown {
  if (!Array.isArray(given)) return given;
  const mine: string[] = [];
  const plain: string[] = [];
  for (const text of given as string[]) {
    const match = /^([a-z]+)=([\s\S]*)$/.exec(text);
    if (match && destinationNamed(match[1]!)) {
      if (match[1] === d.name) mine.push(match[2]!);
    } else plain.push(text);
  }
  const sharing = owners(flag).filter((o) => selected.includes(o.name));
  if (plain.length > 0 && sharing.length > 1)
    throw new UsageError(
      `--${flag} is used by ${sharing.map((o) => o.name).join(' and ')}: say which, e.g. ${sharing.map((o) => `--${flag} ${o.name}=…`).join(' ')}`,
    );
  const values = [...mine, ...plain];
  if (values.length > 1) throw new UsageError(`--${flag} is given ${values.length} times for ${d.name}`);
  return values[0];
}

/** The `--to` list: names from the destination table, comma-separated, default richpanel. */
export function selectedDestinations(to: unknown): DestinationName[] {
  const names = typeof to === 'string' ? to.split(',').map((n) => n.trim()) : [DEFAULT_DESTINATION];
  const unknown = names.filter((n) => !destinationNamed(n));
  if (unknown.length > 0 || names.length === 0)
    throw new UsageError(
      `--to takes a comma-separated list of ${descriptors.map((d) => d.name).join(', ')}, got "${String(to)}"`,
    );
  return [...new Set(names)] as DestinationName[];
}

/** Each selected destination's relay options, from flags, environment and `--dev`; usage errors name flags and variables. */
export function relayDestinationOptions(
  values: Record<string, unknown>,
  env: NodeJS.ProcessEnv,
  dev: string | undefined,
): { names: DestinationName[]; options: Pick<RelayOptions, DestinationName> } {
  const names = selectedDestinations(values.to);
  const selected = names.map((n) => destinationNamed(n)!);
  for (const flag of Object.keys(SEND_DESTINATION_FLAGS)) {
    if (flag !== 'to' && values[flag] !== undefined && !selected.some((d) => d.options.some((o) => o.flag === flag)))
      throw new UsageError(`--${flag} is for --to ${ownerList(flag)}`);
  }
  const options: Record<string, Record<string, unknown>> = {};
  for (const d of selected) {
    const settings: Record<string, unknown> = {};
    for (const o of d.options) {
      const flags: FlagValues = {
        [o.flag]: ownValue(o.flag, values[o.flag], d, names) as string | boolean | undefined,
      };
      let value = optionValue(o, flags, env);
      if (value === undefined && dev !== undefined && d.emulator?.option === o.option)
        value = `${dev}${d.emulator.path}`;
      if ((value === undefined || value === '') && dev !== undefined && o.required) value = devCredential(d, o);
      if (o.required && (value === undefined || value === '')) {
        const where = o.env ? `set ${o.env} (or pass --${o.flag})` : `pass --${o.flag}`;
        const label = o.label ?? o.option;
        const what = label.startsWith(d.title) ? label : `${d.title} ${label}`;
        throw new UsageError(`no ${what}: ${where}, or --dev <url> to try the dev server`);
      }
      if (value !== undefined) settings[o.option] = value;
    }
    options[d.name] = settings;
  }
  return { names, options: options as Pick<RelayOptions, DestinationName> };
}

/**
 * Library messages name options in backticks (`rfmcube.apiKey`, `richpanel.secret`, `fixTotals: true`);
 * the CLI says which flag (or environment variable) sets each one.
 */
export function relayFlagWording(names: readonly DestinationName[]): (message: string) => string {
  const words = new Map<string, string>();
  for (const name of names) {
    for (const o of destinationNamed(name)!.options) {
      const flag = o.env ? `--${o.flag} / ${o.env}` : `--${o.flag}`;
      for (const key of [`${name}.${o.option}`, o.option]) {
        if (!words.has(key)) words.set(key, flag);
        if (o.type === 'boolean') words.set(`${key}: ${JSON.stringify(o.switchValue ?? true)}`, flag);
      }
    }
  }
  return (message) => message.replace(/`([^`]+)`/g, (all, name: string) => words.get(name) ?? all);
}
