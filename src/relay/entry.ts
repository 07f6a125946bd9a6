// A change on its way: what was accepted, where it goes, what each destination answered, and what
// its requests taught the relay. An outbox stores exactly this (entry-file.ts).
import type { Ordered } from './lanes.js';
import type { Fact } from './memory.js';
import type { Change, Delivered } from './targets/target.js';
import type { DestinationName } from './types.js';

export interface Entry extends Change, Ordered {
  /** Acceptance order (the outbox's file names sort by it). */
  seq: number;
  /** The destinations it goes to (those that have an API for its kind). */
  to: DestinationName[];
  /** Each destination's final result, once it has one. */
  done: Partial<Record<DestinationName, Delivered>>;
  /** What its requests taught (replayed into the memory when an outbox is reopened). */
  facts: Fact[];
  /** The last failure per destination that will be tried again (not stored). */
  lastError: Partial<Record<DestinationName, string>>;
}

/** True when every destination it goes to has a final result. */
export function finished(entry: Entry): boolean {
  return entry.to.every((name) => entry.done[name] !== undefined);
}
