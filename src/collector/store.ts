// Accepted events: deduplicated by eventId, kept in memory in arrival order and, with a data folder,
// appended to `events.jsonl` before the caller answers 200 (so an acknowledged event survives a
// crash) and reloaded on start.
import { appendFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { StoredEvent } from './types.js';
import { isRecord } from './decode.js';

export const DATA_FILE = 'events.jsonl';

export interface AddResult {
  accepted: StoredEvent[];
  duplicates: number;
}

type Listener = (change: { type: 'event'; event: StoredEvent } | { type: 'clear' }) => void;

function isStoredEvent(value: unknown): value is StoredEvent {
  return (
    isRecord(value) &&
    typeof value.id === 'string' &&
    typeof value.name === 'string' &&
    isRecord(value.event) &&
    isRecord(value.identity)
  );
}

export class EventStore {
  readonly events: StoredEvent[] = [];
  private readonly ids = new Set<string>();
  private readonly listeners = new Set<Listener>();
  private readonly file: string | undefined;
  /** File writes run one after another so the file keeps arrival order and a clear cannot interleave. */
  private writes: Promise<unknown> = Promise.resolve();

  constructor(dataDir: string | null | undefined) {
    this.file = dataDir ? join(dataDir, DATA_FILE) : undefined;
  }

  /** Creates the data folder and reloads stored events; returns how many lines were unreadable (skipped). */
  async load(): Promise<{ loaded: number; skipped: number }> {
    if (!this.file) return { loaded: 0, skipped: 0 };
    const dir = join(this.file, '..');
    try {
      await mkdir(dir, { recursive: true });
    } catch (error) {
      throw new Error(`cannot create the data folder ${dir}: ${(error as Error).message}`);
    }
    let text = '';
    try {
      text = await readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
        throw new Error(`cannot read ${this.file}: ${(error as Error).message}`);
      }
    }
    let skipped = 0;
    for (const line of text.split('\n')) {
      if (line.trim() === '') continue;
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch {
        value = undefined;
      }
      // A line cut short by a crash mid-write, or edited by hand: skip it, keep the rest.
      if (!isStoredEvent(value) || this.ids.has(value.id)) {
        skipped++;
        continue;
      }
      this.ids.add(value.id);
      this.events.push(value);
    }
    return { loaded: this.events.length, skipped };
  }

  has(id: string): boolean {
    return this.ids.has(id);
  }

  /**
   * Stores the events whose ids are new (ids are claimed at once, so concurrent retries of the same
   * batch cannot both be accepted), writes them to the file, and only then publishes them.
   */
  async add(candidates: StoredEvent[]): Promise<AddResult> {
    const accepted: StoredEvent[] = [];
    for (const event of candidates) {
      if (this.ids.has(event.id)) continue;
      this.ids.add(event.id);
      accepted.push(event);
    }
    const duplicates = candidates.length - accepted.length;
    if (accepted.length === 0) return { accepted, duplicates };
    try {
      await this.write(() =>
        appendFile(this.file as string, accepted.map((e) => `${JSON.stringify(e)}\n`).join(''), 'utf8'),
      );
    } catch (error) {
      for (const event of accepted) this.ids.delete(event.id);
      throw new Error(`cannot write to ${this.file}: ${(error as Error).message}`);
    }
    for (const event of accepted) {
      this.events.push(event);
      this.emit({ type: 'event', event });
    }
    return { accepted, duplicates };
  }

  /** Forgets every event and empties the data file. */
  async clear(): Promise<void> {
    this.events.length = 0;
    this.ids.clear();
    this.emit({ type: 'clear' });
    await this.write(() => writeFile(this.file as string, '', 'utf8'));
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Resolves once every queued file write is done. */
  async settled(): Promise<void> {
    await this.writes.catch(() => undefined);
  }

  private write(task: () => Promise<void>): Promise<void> {
    if (!this.file) return Promise.resolve();
    const next = this.writes.catch(() => undefined).then(task);
    this.writes = next;
    return next;
  }

  private emit(change: Parameters<Listener>[0]): void {
    for (const listener of this.listeners) {
      try {
        listener(change);
      } catch {
        // A broken subscriber (a closed stream) must not stop the others or the ingest.
      }
    }
  }
}
