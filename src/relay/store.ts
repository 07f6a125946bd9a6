// Where a relay keeps its changes while they are delivered: nowhere (calls wait for delivery), or an
// outbox folder (outbox/outbox.ts). The engine calls these in the order that makes a crash safe:
// a result is saved before the memory learns from it, and the memory before the change is removed.
import type { Entry } from './entry.js';
import type { Fact } from './memory.js';
import type { DestinationName } from './types.js';

export interface Store {
  /** True when changes survive the process (failures are kept and tried again). */
  readonly durable: boolean;
  /** Writes the change with its results so far; resolves once it is on disk. */
  save(entry: Entry): Promise<void>;
  /** Forgets a change every destination has finished. */
  remove(entry: Entry): Promise<void>;
  /** Keeps what requests taught (customers sent, order ids seen). */
  remember(facts: readonly Fact[]): Promise<void>;
  /** Keeps a change a destination refused, so it is not lost silently. */
  reject(entry: Entry, destination: DestinationName, reason: string): Promise<void>;
  close(): Promise<void>;
}

/** No outbox: nothing is written; the memory lives in the process. */
export const MEMORY_ONLY: Store = {
  durable: false,
  save: async () => undefined,
  remove: async () => undefined,
  remember: async () => undefined,
  reject: async () => undefined,
  close: async () => undefined,
};
