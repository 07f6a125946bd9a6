// The eventIds the collector remembers for deduplication: every id of an in-memory collector, the
// newest DEDUPE_WINDOW_IDS of a file-backed one (oldest forgotten first), long ids by their hash.
import { createHash } from 'node:crypto';
import { MAX_EXACT_ID_CHARS } from './limits.js';

/** The key an id is remembered by: itself, or `#` + its SHA-256 when it is long. */
export function idKey(id: string): string {
  return id.length <= MAX_EXACT_ID_CHARS ? id : `#${createHash('sha256').update(id).digest('base64')}`;
}

export class IdWindow {
  /** Keys in insertion order (a Map iterates oldest first), so the oldest is dropped first. */
  private readonly keys = new Map<string, true>();

  constructor(private readonly capacity: number) {}

  get size(): number {
    return this.keys.size;
  }

  has(key: string): boolean {
    return this.keys.has(key);
  }

  add(key: string): void {
    this.keys.delete(key);
    this.keys.set(key, true);
    while (this.keys.size > this.capacity) {
      const oldest = this.keys.keys().next();
      if (oldest.done) break;
      this.keys.delete(oldest.value);
    }
  }

  clear(): void {
    this.keys.clear();
  }
}
