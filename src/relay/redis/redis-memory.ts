// The relay's memory in Redis (what the in-process Memory keeps, shared by every instance): a hash of
// facts and a sorted set of when each was last set, trimmed to MEMORY_MAX_ENTRIES (least recently
// set first out). Facts a delivery teaches are applied with its result, in the lane's finishing script.
import { MEMORY_MAX_ENTRIES, type Fact, type MemoryReader } from '../memory.js';
import { globPrefix, type SharedNames } from './keys.js';
import type { RelayClient } from './scripts.js';

/** Facts as the scripts take them: op, key, value triples. */
export function factArgs(facts: readonly Fact[]): string[] {
  return facts.flatMap((f) => ('forget' in f ? ['forget', f.forget, ''] : ['set', f.set, f.value]));
}

/** The memory script's leading arguments: its keys and bound. */
export function memoryArgs(names: SharedNames, max = MEMORY_MAX_ENTRIES): string[] {
  return [names.memory, names.memoryUsed, names.memoryTick, String(max)];
}

export class RedisMemory implements MemoryReader {
  constructor(
    private readonly client: RelayClient,
    private readonly names: SharedNames,
  ) {}

  async get(key: string): Promise<string | undefined> {
    return (await this.client.hget(this.names.memory, key)) ?? undefined;
  }

  async *withPrefix(prefix: string): AsyncGenerator<[string, string]> {
    let cursor = '0';
    do {
      const [next, flat] = await this.client.hscan(
        this.names.memory,
        cursor,
        'MATCH',
        globPrefix(prefix),
        'COUNT',
        1000,
      );
      for (let i = 0; i + 1 < flat.length; i += 2) yield [flat[i]!, flat[i + 1]!];
      cursor = next;
    } while (cursor !== '0');
  }

  /** Keeps what a request taught before the next request goes out. */
  async learn(facts: readonly Fact[]): Promise<void> {
    if (facts.length === 0) return;
    await this.client.cartbeaconLearn(...memoryArgs(this.names), ...factArgs(facts));
  }
}
