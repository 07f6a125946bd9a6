// What a history sync needs from a destination: how a line becomes an item, how many items go in
// one request, and how a request's items are delivered. Richpanel, Rfmcube and eSputnik each give one;
// the sync (reading, batching, concurrency, pacing, checkpoint, rejects, progress) is shared.
import type { DeliveryResult, RequestContext } from './deliver.js';

export type DestinationName = 'richpanel' | 'rfmcube' | 'esputnik';

export type ReadResult<T> = { item: T } | { reason: string };

export interface SyncDestination<T extends object> {
  name: DestinationName;
  /** Who the sync writes to (the checkpoint stores a fingerprint of it, never the key itself). */
  account: string;
  /** One input line → one item, or why it cannot be sent. Never throws. */
  read(text: string): ReadResult<T>;
  /** Items per request. */
  maxItems: number;
  /** Bytes per request: a group is cut before it would pass this (with `sizeOf`). */
  maxBytes?: number;
  sizeOf?: (item: T) => number;
  /** Requests per minute when the caller sets no rate. */
  defaultRatePerMinute?: number;
  /** Delivers one group of items (retries, splits and waits included). */
  deliver(items: T[], ctx: RequestContext): Promise<DeliveryResult<T>>;
  /** Work the destination accepted but has not finished (Rfmcube's import processes), for progress. */
  pending?: () => { processed: number; total: number } | undefined;
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
