// syncHistory: streams a JSON-lines order history to a destination from the table (Richpanel in
// signed batches of 25, Rfmcube imports, eSputnik events), with bounded concurrency, a rate limit,
// retries, a rejects file and a resumable checkpoint. The destination only says how a change becomes
// an item and items become requests.
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { requestContext, type RequestOptions } from '../delivery/context.js';
import type { DeliveryResult, Rejection } from '../delivery/deliver-items.js';
import { DeliveryStopped, type RequestContext } from '../delivery/request.js';
import { SyncError } from '../server/errors.js';
import { assertNotBrowser } from '../server/guard.js';
import type { SendOptions } from '../server/send.js';
import {
  CheckpointWriter,
  accountFingerprint,
  lastFinishedLine,
  openCheckpoint,
  removeCheckpoint,
  type Checkpoint,
} from './checkpoint.js';
import { parseObjectLine, type Destination, type DestinationDescriptor } from './destination.js';
import {
  DEFAULT_DESTINATION,
  destinationNamed,
  DESTINATIONS,
  type DestinationName,
  type DestinationOptions,
} from './destinations/table.js';
import { fingerprintFile } from './fingerprint.js';
import { numberedLines, type HistorySource } from './history-source.js';
import { lockCheckpoint } from './lock.js';
import { LineRanges, preparedAbove } from './progress-ranges.js';
import { RejectsFile } from './rejects-file.js';

/** Four requests in flight keep a collector busy without looking like a flood. */
export const DEFAULT_CONCURRENCY = 4;
/** More in flight than this only makes a collector answer 429 sooner. */
export const MAX_CONCURRENCY = 64;
/** The "minute" of a requests-per-minute rate. */
const MINUTE_MS = 60_000;

/** Options of `syncHistory()`: the destination and its account, pacing, retries, checkpoint and rejects files. */
export interface SyncOptions extends Omit<SendOptions, 'apiKey' | 'secret'>, DestinationOptions {
  /** Where the orders go: `richpanel` (default), `rfmcube` or `esputnik`. */
  destination?: DestinationName;
  /** Richpanel API key (destination `richpanel`). */
  apiKey?: string;
  /** Richpanel API secret (destination `richpanel`). */
  secret?: string;
  /** Batches in flight at once. Default 4. */
  concurrency?: number;
  /**
   * At most this many requests per minute (retries and Rfmcube's polls included). Default: no limit
   * for Richpanel, 55 for Rfmcube (its limit is 60), 600 for eSputnik.
   */
  ratePerMinute?: number;
  /** The "minute" of `ratePerMinute`, in ms. Default 60,000; tests shorten it. */
  rateWindowMs?: number;
  /**
   * Path of the checkpoint file. Without it the sync cannot be resumed. While a run uses it,
   * `<checkpoint>.lock` names that run and a second run on the same checkpoint is refused.
   */
  checkpoint?: string;
  /** Continue from `checkpoint` (which must match the input file's content) instead of refusing to overwrite it. */
  resume?: boolean;
  /** Path of the rejects file: one JSON line `{line, reason, input}` per line that was not sent. */
  rejects?: string;
  /** Read, check and count only: nothing is sent and no checkpoint is written. */
  dryRun?: boolean;
  /** First backoff in ms (doubling to 60 times it). Default 1,000; tests use a few ms. */
  backoffBaseMs?: number;
  /** Called after every acknowledged batch and every retry. */
  onProgress?: (progress: SyncProgress) => void;
}

/** What `syncHistory()` resolves to: what happened to every line of the input. */
export interface SyncSummary {
  /** Events the destination acknowledged in this run (in a dry run: events that would be sent). */
  sent: number;
  /**
   * Of `sent`, events the collector said it already had: an identical repeat of an earlier line, an
   * earlier run, or a resend after a timeout. Counted when the collector's answer says so (cartbeacon's
   * dev collector and its `duplicates` field); Rfmcube and eSputnik update instead, so it stays 0.
   */
  duplicates: number;
  /** Lines that will not be sent: invalid, or refused by the destination (see the rejects file). */
  rejected: number;
  /** Requests repeated after a retryable answer. */
  retried: number;
  /** Events attempted but not acknowledged in this run; `resume` sends them. */
  failed: number;
  /** How long the run took, in ms (in a progress report: so far). */
  durationMs: number;
  /** Lines skipped because the checkpoint says an earlier run finished them. */
  skipped: number;
  /** Why the run stopped before the end of the input, when it did. */
  stopped?: string;
}

/** A progress report of `syncHistory()` (`onProgress`): the summary so far and where the reading is. */
export interface SyncProgress extends Omit<SyncSummary, 'stopped'> {
  /** Lines read so far, and roughly how many bytes of the file that was. */
  lines: number;
  /** Roughly how many bytes of the input the lines read so far were. */
  bytes: number;
  /** Batches being delivered right now (at most `concurrency`). */
  inFlight: number;
  /** Orders the destination accepted and is still processing (Rfmcube's import processes), when any. */
  processing?: {
    /** Orders processed so far. */
    processed: number;
    /** Orders accepted for processing. */
    total: number;
  };
}

/** How a caller words messages that name options (the CLI: as flags). Default: as they are. */
export type Wording = (message: string) => string;

interface Pending<T> {
  events: T[];
  /** Bytes of the items (destinations with a byte limit per request). */
  bytes: number;
  /** Line number and raw text of each event, for the rejects file. */
  origin: Map<T, { line: number; text: string }>;
}

function positiveInt(value: number | undefined, fallback: number, name: string, max = Number.MAX_SAFE_INTEGER): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value < 1 || value > max)
    throw new SyncError(`\`${name}\` must be a whole number from 1 to ${max}`);
  return value;
}

/** The destination's descriptor and its options, from the sync options. */
function destinationOf(options: SyncOptions, now: number): Destination<object> {
  const name = options.destination ?? DEFAULT_DESTINATION;
  const found = destinationNamed(name);
  if (!found)
    throw new SyncError(
      `unknown destination ${JSON.stringify(name)}: \`destination\` is one of ${DESTINATIONS.map((d) => d.name).join(', ')}`,
    );
  const descriptor = found as DestinationDescriptor<string, string | undefined, unknown, object>;
  const own =
    descriptor.optionsKey === undefined ? options : (options as Record<string, unknown>)[descriptor.optionsKey];
  return descriptor.create(own, { dryRun: options.dryRun === true, now });
}

/**
 * Sends an order history: `source` is a JSON-lines file path or an (async) iterable of lines/objects.
 * Lines with `orderId` become `order` events (time from createdAt/processedAt/updatedAt, uid from the
 * customer id or e-mail) whose eventId comes from their content; lines with `event` are sent as that
 * event. Lines that cannot be sent go to the rejects file and the run goes on. With `destination:
 * 'rfmcube'` the orders are imported into Rfmcube (grouped by customer, 55 requests a minute, each
 * import followed until its process completes); with `'esputnik'` each order is one eSputnik order
 * event. Every destination reads orders with the same reader and names every problem of a line.
 * @throws SyncError for bad options, an unreadable input, a checkpoint that does not match the input
 * (another file, key, or content), a damaged checkpoint, or one in use by another run.
 */
export function syncHistory(source: HistorySource, options: SyncOptions): Promise<SyncSummary> {
  return runSync(source, options);
}

/** syncHistory with messages worded by `word` (the CLI words options as flags). @internal */
export async function runSync(
  source: HistorySource,
  options: SyncOptions,
  word: Wording = (m) => m,
): Promise<SyncSummary> {
  assertNotBrowser();
  const started = Date.now();
  return run(source, options, destinationOf(options, started), started, word);
}

async function run<T extends object>(
  source: HistorySource,
  options: SyncOptions,
  destination: Destination<T>,
  started: number,
  word: Wording,
): Promise<SyncSummary> {
  const dryRun = options.dryRun === true;
  const concurrency = positiveInt(options.concurrency, DEFAULT_CONCURRENCY, 'concurrency', MAX_CONCURRENCY);
  if (options.ratePerMinute !== undefined) positiveInt(options.ratePerMinute, 0, 'ratePerMinute');
  const rateWindowMs = positiveInt(options.rateWindowMs, MINUTE_MS, 'rateWindowMs');
  const file = typeof source === 'string' ? resolve(source) : undefined;
  if (file !== undefined && !(existsSync(file) && statSync(file).isFile())) {
    throw new SyncError(`cannot read ${source}: give the path of a JSON-lines file, one order per line`);
  }

  const stop = new AbortController();
  const onUserAbort = () => stop.abort(options.signal?.reason);
  const summary: SyncSummary = {
    sent: 0,
    duplicates: 0,
    rejected: 0,
    retried: 0,
    failed: 0,
    durationMs: 0,
    skipped: 0,
  };
  const requestOptions: RequestOptions = {
    ...options,
    ratePerMinute: options.ratePerMinute ?? destination.defaultRatePerMinute,
    rateWindowMs,
    // Rfmcube's 60 a minute is per account: a relay in the same process shares this schedule.
    rateKey: destination.rateKey,
  };
  const ctx: RequestContext | undefined = dryRun
    ? undefined
    : requestContext(requestOptions, {
        // Stopping ends retries and waits; requests already on the wire finish and are acknowledged.
        signal: stop.signal,
        onRetry: () => {
          summary.retried++;
          report();
        },
      });

  const checkpointPath = dryRun ? undefined : options.checkpoint;
  const release = checkpointPath ? lockCheckpoint(checkpointPath, new Date(started)) : undefined;
  let checkpointWriter: CheckpointWriter | undefined;
  let rejectsFile: RejectsFile | undefined;
  const inFlight = new Set<Promise<void>>();
  let lines = 0;
  let bytes = 0;
  const report = () => {
    const processing = destination.pending?.();
    options.onProgress?.({
      ...summary,
      durationMs: Date.now() - started,
      lines,
      bytes,
      inFlight: inFlight.size,
      ...(processing ? { processing } : {}),
    });
  };
  try {
    options.signal?.addEventListener('abort', onUserAbort, { once: true });
    if (options.signal?.aborted) onUserAbort();
    let checkpoint: Checkpoint | undefined;
    if (checkpointPath) {
      const identity = {
        source: file ?? 'iterable',
        account: accountFingerprint(destination.account),
        fingerprint: file === undefined ? undefined : fingerprintFile(file),
      };
      checkpoint = openCheckpoint(checkpointPath, identity, options.resume === true);
    }
    const claimed = checkpoint ? lastFinishedLine(checkpoint) : 0;
    const finished = new LineRanges(checkpoint?.through, checkpoint?.done);
    /** Lines whose preparation (`Destination.prepare`) is done but whose delivery may not be. */
    const prepared = new LineRanges(0, checkpoint?.prepared);
    rejectsFile = new RejectsFile(options.rejects, options.resume === true);
    const rejects = rejectsFile;

    let unexpected: { error: unknown } | undefined;
    const reject = (line: number, reason: string, input: string) => {
      summary.rejected++;
      if (checkpoint) checkpoint.rejected++;
      rejects.write(line, word(reason), input);
    };
    const save = () => {
      if (!checkpoint || !checkpointPath) return;
      checkpoint.through = finished.through;
      checkpoint.done = finished.done;
      if (destination.prepare) checkpoint.prepared = preparedAbove(prepared, finished.through);
      checkpoint.updatedAt = new Date().toISOString();
      checkpointWriter ??= new CheckpointWriter(checkpointPath);
      checkpointWriter.write(checkpoint);
    };
    const settle = (
      from: number,
      to: number,
      delivered: number,
      duplicates: number,
      rejections: Rejection<T>[],
      origin: Pending<T>['origin'],
    ) => {
      summary.sent += delivered;
      summary.duplicates += duplicates;
      for (const { events, reason } of rejections) {
        for (const e of events) {
          const o = origin.get(e);
          if (o) reject(o.line, reason, o.text);
        }
      }
      if (checkpoint) checkpoint.sent += delivered;
      finished.add(from, to);
      save();
      report();
    };

    /**
     * The destination's preparation (eSputnik: the group's contacts imported), unless an earlier run
     * recorded it done for these lines; then the delivery of what it did not reject.
     */
    const prepareThenDeliver = async (pending: Pending<T>, ctx: RequestContext): Promise<DeliveryResult<T>> => {
      let events = pending.events;
      const refusedEarly: Rejection<T>[] = [];
      if (destination.prepare) {
        const need = events.filter((e) => !prepared.has(pending.origin.get(e)?.line ?? 0));
        if (need.length > 0) {
          const { rejected } = await destination.prepare(need, ctx);
          const refused = new Set(rejected.flatMap((r) => r.events));
          refusedEarly.push(...rejected);
          events = events.filter((e) => !refused.has(e));
          // Only the lines that are ready: a refused one is prepared again (and refused again) by a resume.
          for (const e of events) {
            const line = pending.origin.get(e)?.line;
            if (line !== undefined) prepared.add(line, line);
          }
          save();
        }
      }
      const r = events.length > 0 ? await destination.deliver(events, ctx) : { delivered: 0, rejected: [], retried: 0 };
      return { ...r, rejected: [...refusedEarly, ...r.rejected] };
    };

    const dispatch = (pending: Pending<T>, from: number, to: number) => {
      if (!ctx) {
        summary.sent += pending.events.length;
        return;
      }
      if (pending.events.length === 0) return settle(from, to, 0, 0, [], pending.origin);
      const task = prepareThenDeliver(pending, ctx)
        .then(
          (r) => settle(from, to, r.delivered, r.duplicates ?? 0, r.rejected, pending.origin),
          (error: unknown) => {
            summary.failed += pending.events.length;
            if (error instanceof DeliveryStopped) {
              summary.stopped ??= word(error.message);
              stop.abort(error);
            } else if (!stop.signal.aborted) {
              unexpected ??= { error };
              stop.abort(error);
            }
          },
        )
        .finally(() => inFlight.delete(task));
      inFlight.add(task);
    };

    const fresh = (): Pending<T> => ({ events: [], bytes: 0, origin: new Map() });
    let pending = fresh();
    let rangeStart = 1;
    /** Sends what is pending as lines rangeStart..to, then waits while `concurrency` requests are in flight. */
    const cut = async (to: number) => {
      dispatch(pending, rangeStart, to);
      pending = fresh();
      rangeStart = to + 1;
      while (inFlight.size >= concurrency) await Promise.race(inFlight);
    };
    for await (const item of numberedLines(source)) {
      if (stop.signal.aborted) break;
      lines = item.line;
      bytes = item.bytes;
      if (finished.has(item.line)) {
        summary.skipped++;
        continue;
      }
      if (item.value === undefined && item.text.trim() === '') continue;
      const parsed = item.value ? { item: item.value } : parseObjectLine(item.text);
      const result = 'reason' in parsed ? parsed : destination.read(parsed.item, item.text);
      if ('reason' in result) {
        reject(item.line, result.reason, item.text);
        continue;
      }
      const size = destination.maxBytes !== undefined && destination.sizeOf ? destination.sizeOf(result.item) : 0;
      // A request near its byte limit goes before this item would push it over.
      if (
        pending.events.length > 0 &&
        destination.maxBytes !== undefined &&
        pending.bytes + size > destination.maxBytes
      ) {
        await cut(item.line - 1);
        if (stop.signal.aborted) break;
      }
      pending.events.push(result.item);
      pending.bytes += size;
      pending.origin.set(result.item, { line: item.line, text: item.text });
      if (pending.events.length >= destination.maxItems) await cut(item.line);
    }
    if (!stop.signal.aborted && rangeStart <= lines) dispatch(pending, rangeStart, lines);
    await Promise.all(inFlight);
    if (unexpected) throw unexpected.error;
    if (stop.signal.aborted) summary.stopped ??= 'interrupted';
    else if (claimed > lines) {
      // Read to the end: the checkpoint claimed lines this input does not have.
      throw new SyncError(
        `the checkpoint ${checkpointPath} says lines up to ${claimed} are finished, but ${file ?? 'the input'} has ${lines}: it was edited or belongs to another input; delete it to start the sync over`,
      );
    } else if (checkpointPath) removeCheckpoint(checkpointPath);
  } finally {
    options.signal?.removeEventListener('abort', onUserAbort);
    rejectsFile?.close();
    checkpointWriter?.close();
    release?.();
  }
  summary.durationMs = Date.now() - started;
  report();
  return summary;
}
