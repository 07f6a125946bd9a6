// What a destination is: a descriptor (its name, options, CLI flags and environment names, limits
// and defaults, which order problems it refuses, its emulator) that makes a runtime Destination (how
// one change becomes an item and items become requests). The history sync, the CLI and a relay all
// work from these; none of them knows a destination by name.
import type { DeliveryResult, Rejection } from '../delivery/deliver-items.js';
import type { RequestContext } from '../delivery/request.js';
import type { ReadResult } from './order/order-line.js';
import type { OrderProblem } from './order/read-order.js';

export type { ReadResult };

/** A destination ready to send. Works on one change at a time: no file or line assumptions. */
export interface Destination<T> {
  name: string;
  /** Who it writes to (a checkpoint stores a fingerprint of it, never the key itself). */
  account: string;
  /**
   * One change (a parsed history line, or an order a backend passes) → one item, or why it cannot
   * be sent. `text` is the change as written when it came as text (content-based ids hash it);
   * without it, the value's JSON. Never throws.
   */
  read(value: Record<string, unknown>, text?: string): ReadResult<T>;
  /** Items per request. */
  maxItems: number;
  /** Bytes per request: a group is cut before it would pass this (with `sizeOf`). */
  maxBytes?: number;
  sizeOf?(item: T): number;
  /** Requests per minute when the caller sets no rate. */
  defaultRatePerMinute?: number;
  /**
   * The account its rate limit belongs to: every run of the process (a sync, a relay) with the same
   * key shares one pacing schedule. Unset: each run paces alone.
   */
  rateKey?: string;
  /**
   * Work a group needs done, and finished, before `deliver` can send it (eSputnik: the contacts its
   * orders belong to, imported). Items it rejects are not delivered. A history sync records the lines
   * it prepared in the checkpoint, so a resume does not prepare them again.
   * @throws DeliveryStopped as `deliver` does.
   */
  prepare?(items: T[], ctx: RequestContext): Promise<{ rejected: Rejection<T>[] }>;
  /** Delivers one group of items (retries, splits and waits included). */
  deliver(items: T[], ctx: RequestContext): Promise<DeliveryResult<T>>;
  /** Work the destination accepted but has not finished (Rfmcube's import processes, eSputnik's contact imports), for progress. */
  pending?(): { processed: number; total: number } | undefined;
}

/** One option of a destination: how code passes it, and how the CLI reads it. */
export interface OptionSpec {
  /** The option's name in the destination's options (`fixTotals`); for Richpanel, in the sync options (`apiKey`). */
  option: string;
  /** The CLI flag, without `--`. Several destinations may share one (`base-url`). */
  flag: string;
  /** A flag with a value (`--item-url <template>`) or a switch (`--fix-totals`). */
  type: 'string' | 'boolean';
  /** The value's placeholder in the help: `<key>`. */
  arg?: string;
  /** The environment variable the CLI reads when the flag is absent (keys: it stays out of shell history). */
  env?: string;
  /** What it is, for "no … set" messages: `Rfmcube key`. */
  label?: string;
  /** One line of help. */
  help: string;
  /** What a switch sets the option to (default `true`): `--without-items` sets `items: false`. */
  switchValue?: unknown;
  /** The CLI refuses to run without it: `always`, or `to send` (a dry run goes without). */
  required?: 'always' | 'to send';
  /** The flag's text → the option's value; throws an Error saying what is wrong. Default: the text. */
  parse?(text: string): unknown;
}

export interface RunInfo {
  /** Nothing will be sent: credentials needed only to send may be missing. */
  dryRun: boolean;
  /** The time of an order that has none (epoch ms): when the run started. */
  now: number;
}

/**
 * Everything about one destination, in one place. `O` is its options, `T` the item it sends.
 * A new destination is one descriptor (plus its emulator) added to the table in `destinations/table.ts`.
 */
export interface DestinationDescriptor<
  N extends string = string,
  K extends string | undefined = string | undefined,
  O = unknown,
  T = unknown,
> {
  /** `--to <name>`, `destination: '<name>'`. */
  name: N;
  /** How people write it: `eSputnik`. */
  title: string;
  /** What it receives, for the help: `imports grouped by customer, 55 requests a minute`. */
  summary: string;
  /** The sync option holding its options (`rfmcube: {…}`); undefined: top-level options (Richpanel). */
  optionsKey: K;
  /** Its options that the CLI can set, with their flags and environment variables. */
  options: readonly OptionSpec[];
  /** Requests per minute when the caller sets none (undefined: no limit). */
  defaultRatePerMinute?: number;
  /** How it paces itself when the caller sets no rate, in words for the help (eSputnik: per kind of request). */
  defaultPace?: string;
  /**
   * Where the dev server (`cartbeacon dev`, `startCollector`) emulates it: the path under its URL
   * (`/rfmcube/v1`) and the option that takes that address (`baseUrl`).
   */
  emulator?: { path: string; option: string };
  /** Which of readOrder's problems stop an order from going here (the others are sent as given). */
  refuses(problem: OrderProblem): boolean;
  /** Makes the runtime destination. @throws SyncError naming the option at fault (`rfmcube.apiKey`). */
  create(options: O | undefined, run: RunInfo): Destination<T>;
}

/** A JSON line as an object, or why not. */
export function parseObjectLine(text: string): ReadResult<Record<string, unknown>> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { reason: 'not valid JSON' };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return { reason: 'not a JSON object' };
  return { item: value as Record<string, unknown> };
}
