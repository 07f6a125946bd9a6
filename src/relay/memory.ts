// What the relay remembers between changes (pure): which customer it sent to Rfmcube (and in which
// form), which order ids eSputnik has had. Entries are keyed by destination and account, so another
// key or address starts afresh. Bounded: the least recently used entry goes first.

/** Enough for the customers and orders that change within weeks at a busy shop; about 20 MB at most. */
export const MEMORY_MAX_ENTRIES = 100_000;

/** One thing learned from a delivered request, or forgotten after an erasure. */
export type Fact = { set: string; value: string } | { forget: string };

/**
 * What a destination reads of the memory while it delivers: asynchronous, because a relay with
 * `redis` keeps its memory there (src/relay/redis/redis-memory.ts), shared by every instance.
 */
export interface MemoryReader {
  get(key: string): Promise<string | undefined>;
  /** Every entry whose key starts with `prefix`. */
  withPrefix(prefix: string): AsyncIterable<[string, string]>;
}

/** The in-process memory as a destination reads it. */
export function readerOf(memory: Memory): MemoryReader {
  return {
    get: async (key) => memory.get(key),
    async *withPrefix(prefix) {
      yield* memory.withPrefix(prefix);
    },
  };
}

export class Memory {
  private readonly entries = new Map<string, string>();

  constructor(private readonly max = MEMORY_MAX_ENTRIES) {}

  get(key: string): string | undefined {
    return this.entries.get(key);
  }

  /** Every entry whose key starts with `prefix` (an account's customers, for an erasure by id). */
  *withPrefix(prefix: string): Generator<[string, string]> {
    for (const entry of this.entries) if (entry[0].startsWith(prefix)) yield entry;
  }

  apply(facts: readonly Fact[]): void {
    for (const fact of facts) {
      if ('forget' in fact) {
        this.entries.delete(fact.forget);
        continue;
      }
      // Re-inserted, so the map's order is the order of use and the oldest entry is first.
      this.entries.delete(fact.set);
      this.entries.set(fact.set, fact.value);
      if (this.entries.size > this.max) this.entries.delete(this.entries.keys().next().value as string);
    }
  }

  get size(): number {
    return this.entries.size;
  }

  /** The entries as facts, oldest first (a compacted memory file). */
  facts(): Fact[] {
    return [...this.entries].map(([set, value]) => ({ set, value }));
  }
}
