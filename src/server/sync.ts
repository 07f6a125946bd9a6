// syncHistory: streams a JSON-lines order history to a destination (Richpanel in signed batches of
// 25, Rfmcube imports, eSputnik events), with bounded concurrency, a rate limit, retries, a rejects
// file and a resumable checkpoint. The destination only says how lines become requests.
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { BACKOFF_BASE_MS } from '../protocol/backoff.js';
import {
  CheckpointWriter,
  accountFingerprint,
  readCheckpoint,
  removeCheckpoint,
  type Checkpoint,
} from './checkpoint.js';
import { DeliveryStopped, MAX_ATTEMPTS, REQUEST_TIMEOUT_MS, type Rejection, type RequestContext } from './deliver.js';
import type { DestinationName, SyncDestination } from './destination.js';
import { esputnikDestination } from './destinations/esputnik-client.js';
import type { EsputnikOptions, RfmcubeOptions } from './destinations/options.js';
import { rfmcubeDestination } from './destinations/rfmcube-client.js';
import { SyncError } from './errors.js';
import { assertNotBrowser } from './guard.js';
import { numberedLines, type HistorySource } from './history-source.js';
import { LineRanges } from './progress-ranges.js';
import { rateLimiter } from './rate-limit.js';
import { RejectsFile } from './rejects-file.js';
import { richpanelDestination } from './richpanel-destination.js';
import type { SendOptions } from './send.js';

/** Four requests in flight keep a collector busy without looking like a flood. */
export const DEFAULT_CONCURRENCY = 4;
/** More in flight than this only makes a collector answer 429 sooner. */
export const MAX_CONCURRENCY = 64;

export interface SyncOptions extends Omit<SendOptions, 'apiKey' | 'secret'> {
  /** Where the orders go. Default `richpanel`. */
  destination?: DestinationName;
  /** Richpanel API key (destination `richpanel`). */
  apiKey?: string;
  /** Richpanel API secret (destination `richpanel`). */
  secret?: string;
  /** Key, base URL, mapping and import options of destination `rfmcube`. */
  rfmcube?: RfmcubeOptions;
  /** Key, base URL and mapping options of destination `esputnik`. */
  esputnik?: EsputnikOptions;
  /** Batches in flight at once. Default 4. */
  concurrency?: number;
  /**
   * At most this many requests per minute (retries and Rfmcube's polls included). Default: no limit
   * for Richpanel, 55 for Rfmcube (its limit is 60), 600 for eSputnik.
   */
  ratePerMinute?: number;
  /** The "minute" of `ratePerMinute`, in ms. Default 60,000; tests shorten it. */
  rateWindowMs?: number;
  /** Path of the checkpoint file. Without it the sync cannot be resumed. */
  checkpoint?: string;
  /** Continue from `checkpoint` instead of refusing to overwrite it. */
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

export interface SyncSummary {
  /** Events the collector acknowledged in this run (in a dry run: events that would be sent). */
  sent: number;
  /** Lines that will not be sent: invalid, or refused by the collector (see the rejects file). */
  rejected: number;
  /** Requests repeated after a retryable answer. */
  retried: number;
  /** Events attempted but not acknowledged in this run; `--resume` sends them. */
  failed: number;
  durationMs: number;
  /** Lines skipped because the checkpoint says an earlier run finished them. */
  skipped: number;
  /** Why the run stopped before the end of the input, when it did. */
  stopped?: string;
}

export interface SyncProgress extends Omit<SyncSummary, 'stopped'> {
  /** Lines read so far, and roughly how many bytes of the file that was. */
  lines: number;
  bytes: number;
  inFlight: number;
  /** Orders the destination accepted and is still processing (Rfmcube's import processes), when any. */
  processing?: { processed: number; total: number };
}

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
    throw new SyncError(`${name} must be a whole number from 1 to ${max}`);
  return value;
}

function sourceName(source: HistorySource): string {
  return typeof source === 'string' ? resolve(source) : 'iterable';
}

function openCheckpoint(path: string, options: SyncOptions, source: string, account: string): Checkpoint {
  const existing = readCheckpoint(path);
  if (existing && !options.resume) {
    throw new SyncError(
      `a checkpoint from an earlier run exists at ${path}: pass --resume (resume: true) to continue it, or delete it to start over`,
    );
  }
  if (existing && (existing.source !== source || existing.account !== account)) {
    throw new SyncError(
      `the checkpoint ${path} belongs to another input file or API key: choose another --checkpoint or delete it`,
    );
  }
  return (
    existing ?? {
      version: 1,
      source,
      account,
      through: 0,
      done: [],
      sent: 0,
      rejected: 0,
      updatedAt: new Date().toISOString(),
    }
  );
}

/**
 * Sends an order history: `source` is a JSON-lines file path or an (async) iterable of lines/objects.
 * Lines with `orderId` become `order` events (time from createdAt/processedAt/updatedAt, uid from the
 * customer id or e-mail) with stable eventIds; lines with `event` are sent as that event. Invalid
 * lines go to the rejects file and the run goes on. Returns a summary; never throws for a bad line.
 * With `destination: 'rfmcube'` the orders are imported into Rfmcube (grouped by customer, 55
 * requests a minute, each import followed until its process completes); with `'esputnik'` each order
 * is one eSputnik order event. Orders a destination cannot take go to the rejects file with every
 * problem named (see `DestinationError`).
 * @throws SyncError for bad options, an unreadable input, or a checkpoint that does not match.
 */
export async function syncHistory(source: HistorySource, options: SyncOptions): Promise<SyncSummary> {
  assertNotBrowser();
  const started = Date.now();
  const dryRun = options.dryRun === true;
  const destination = options.destination ?? 'richpanel';
  if (destination === 'rfmcube') {
    if (!options.rfmcube)
      throw new SyncError(
        'the Rfmcube options are missing: pass rfmcube: { apiKey } (the CLI reads --rfmcube-key or RFMCUBE_API_KEY)',
      );
    return run(source, options, rfmcubeDestination(options.rfmcube), started);
  }
  if (destination === 'esputnik') {
    if (!options.esputnik)
      throw new SyncError(
        'the eSputnik options are missing: pass esputnik: { apiKey } (the CLI reads --esputnik-key or ESPUTNIK_API_KEY)',
      );
    return run(source, options, esputnikDestination(options.esputnik), started);
  }
  if (destination !== 'richpanel')
    throw new SyncError(`unknown destination ${JSON.stringify(destination)}: use richpanel, rfmcube or esputnik`);
  return run(
    source,
    options,
    richpanelDestination({
      apiKey: options.apiKey,
      secret: options.secret,
      host: options.host,
      dryRun,
      fallbackMs: started,
    }),
    started,
  );
}

async function run<T extends object>(
  source: HistorySource,
  options: SyncOptions,
  destination: SyncDestination<T>,
  started: number,
): Promise<SyncSummary> {
  const dryRun = options.dryRun === true;
  const concurrency = positiveInt(options.concurrency, DEFAULT_CONCURRENCY, 'concurrency', MAX_CONCURRENCY);
  if (options.ratePerMinute !== undefined) positiveInt(options.ratePerMinute, 0, 'rate (requests per minute)');
  const ratePerMinute = options.ratePerMinute ?? destination.defaultRatePerMinute;
  const rateWindowMs = positiveInt(options.rateWindowMs, 60_000, 'rateWindowMs');
  const fetchFn = options.fetch ?? globalThis.fetch;
  if (typeof fetchFn !== 'function') throw new SyncError('no fetch available: use Node 18+ or pass options.fetch');
  if (typeof source === 'string' && !(existsSync(source) && statSync(source).isFile())) {
    throw new SyncError(`cannot read ${source}: give the path of a JSON-lines file, one order per line`);
  }

  const stop = new AbortController();
  const onUserAbort = () => stop.abort(options.signal?.reason);
  options.signal?.addEventListener('abort', onUserAbort, { once: true });
  const ctx: RequestContext | undefined = dryRun
    ? undefined
    : {
        fetch: fetchFn,
        timeoutMs: options.timeoutMs ?? REQUEST_TIMEOUT_MS,
        maxAttempts: options.maxAttempts ?? MAX_ATTEMPTS,
        backoffBaseMs: options.backoffBaseMs ?? BACKOFF_BASE_MS,
        // Stopping ends retries and waits; requests already on the wire finish and are acknowledged.
        signal: stop.signal,
        requestSignal: undefined,
        beforeRequest: ratePerMinute ? rateLimiter(ratePerMinute, stop.signal, rateWindowMs) : undefined,
        onRetry: () => {
          summary.retried++;
          report();
        },
      };

  const checkpointPath = dryRun ? undefined : options.checkpoint;
  const checkpoint = checkpointPath
    ? openCheckpoint(checkpointPath, options, sourceName(source), accountFingerprint(destination.account))
    : undefined;
  const finished = new LineRanges(checkpoint?.through, checkpoint?.done);
  let checkpointWriter: CheckpointWriter | undefined;
  const rejectsFile = new RejectsFile(options.rejects, options.resume === true);

  const summary: SyncSummary = { sent: 0, rejected: 0, retried: 0, failed: 0, durationMs: 0, skipped: 0 };
  const inFlight = new Set<Promise<void>>();
  let unexpected: { error: unknown } | undefined;
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

  const reject = (line: number, reason: string, input: string) => {
    summary.rejected++;
    if (checkpoint) checkpoint.rejected++;
    rejectsFile.write(line, reason, input);
  };
  const save = () => {
    if (!checkpoint || !checkpointPath) return;
    checkpoint.through = finished.through;
    checkpoint.done = finished.done;
    checkpoint.updatedAt = new Date().toISOString();
    checkpointWriter ??= new CheckpointWriter(checkpointPath);
    checkpointWriter.write(checkpoint);
  };
  const settle = (
    from: number,
    to: number,
    delivered: number,
    rejections: Rejection<T>[],
    origin: Pending<T>['origin'],
  ) => {
    summary.sent += delivered;
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

  const dispatch = (pending: Pending<T>, from: number, to: number) => {
    if (!ctx) {
      summary.sent += pending.events.length;
      return;
    }
    if (pending.events.length === 0) return settle(from, to, 0, [], pending.origin);
    const task = destination
      .deliver(pending.events, ctx)
      .then(
        (r) => settle(from, to, r.delivered, r.rejected, pending.origin),
        (error: unknown) => {
          summary.failed += pending.events.length;
          if (error instanceof DeliveryStopped) {
            summary.stopped ??= error.message;
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
  try {
    for await (const item of numberedLines(source)) {
      if (stop.signal.aborted) break;
      lines = item.line;
      bytes = item.bytes;
      if (finished.has(item.line)) {
        summary.skipped++;
        continue;
      }
      if (item.text.trim() === '') continue;
      const result = destination.read(item.text);
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
  } finally {
    options.signal?.removeEventListener('abort', onUserAbort);
    rejectsFile.close();
    checkpointWriter?.close();
  }
  if (unexpected) throw unexpected.error;
  if (stop.signal.aborted) summary.stopped ??= 'interrupted';
  else if (checkpointPath) removeCheckpoint(checkpointPath);
  summary.durationMs = Date.now() - started;
  report();
  return summary;
}
