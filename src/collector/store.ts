// Accepted events: deduplicated by eventId and, with a data folder, appended to `events.jsonl`
// before the caller answers 200 (a 200 means stored: an acknowledged event survives a crash).
// In memory only, every event is kept. With a data file, memory stays flat whatever the file's
// size: the newest events are kept for `events` and the viewer, the newest ids for deduplication,
// and pages of older events are read from the file.
import { appendFile, mkdir, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { IdWindow, idKey } from './dedupe.js';
import { type TailRepair, linesBackward, repairTail, scanHeads } from './event-file.js';
import { HEAD_BYTES, idAndName, parseLine, readHead } from './lines.js';
import {
  DEDUPE_WINDOW_IDS,
  MAX_COUNTED_NAMES,
  MAX_PAGE_BYTES,
  MAX_PAGE_SCAN_BYTES,
  RECENT_BYTES,
  RECENT_EVENTS,
} from './limits.js';
import type { StoredEvent } from './types.js';

export const DATA_FILE = 'events.jsonl';

export interface AddResult {
  accepted: StoredEvent[];
  duplicates: number;
}

/** What a load found in the data file. */
export interface LoadResult {
  /** Events now in memory (with a data file: the newest of them). */
  loaded: number;
  /** Lines near the end that were unreadable or repeated an id (skipped). */
  skipped: number;
  /** Size of the data file in bytes. */
  bytes: number;
  /** What was done about a last line torn by a crash. */
  repair: TailRepair;
}

/** A page of `GET /api/events`: `before` is a cursor from a previous page's `next`. */
export interface PageQuery {
  before?: number;
  limit: number;
  name?: string;
}

export interface EventPage {
  /** Oldest first, the newest `limit` matching events before the cursor. */
  events: StoredEvent[];
  /** How many events (of this name) are stored; null when not counted (hostile numbers of names). */
  total: number | null;
  /** Pass as `before` for the page of older events; null when there are none. */
  next: number | null;
  /** True while the collector is still counting a large data file (totals are then partial). */
  counting: boolean;
}

/** How the store appends to its file: a thin shell over `fs.appendFile`, replaceable in tests. */
export type AppendFile = (file: string, text: string) => Promise<void>;

const appendUtf8: AppendFile = (file, text) => appendFile(file, text, 'utf8');

type Listener = (change: { type: 'event'; event: StoredEvent } | { type: 'clear' }) => void;

export class EventStore {
  /** In memory only: every event. With a data file: the newest RECENT_EVENTS (and RECENT_BYTES). */
  readonly events: StoredEvent[] = [];
  private readonly file: string | undefined;
  private readonly ids: IdWindow;
  /** Ids whose first copy is being written: a copy arriving meanwhile waits for that write's outcome. */
  private readonly pending = new Map<string, Promise<void>>();
  private readonly listeners = new Set<Listener>();
  /** Bytes of each event in `events` (data file only), for the RECENT_BYTES bound. */
  private readonly sizes: number[] = [];
  private recentBytes = 0;
  private stored = 0;
  private readonly names = new Map<string, number>();
  private namesOverflow = false;
  /** Bytes of the data file known to end with a whole line: pages read up to here, a failed append is cut back to it. */
  private committed = 0;
  /** Bumped by clear(): a count or a write begun before it does not touch what comes after. */
  private generation = 0;
  private counting: Promise<void> | undefined;
  private closed = false;
  /** File writes run one after another so the file keeps arrival order and a clear cannot interleave. */
  private writes: Promise<unknown> = Promise.resolve();

  constructor(
    dataDir: string | null | undefined,
    private readonly appendText: AppendFile = appendUtf8,
  ) {
    this.file = dataDir ? join(dataDir, DATA_FILE) : undefined;
    this.ids = new IdWindow(this.file ? DEDUPE_WINDOW_IDS : Number.POSITIVE_INFINITY);
  }

  /** How many events are stored (with a large data file, a partial count until `isCounting` is false). */
  get count(): number {
    return this.stored;
  }

  get isCounting(): boolean {
    return this.counting !== undefined;
  }

  /**
   * Creates the data folder, repairs a torn last line, and reads the newest events and ids from the
   * end of the file. The rest of the file is counted in the background (see `whenCounted`), so a
   * collector with a file of several GB starts at once.
   */
  async load(): Promise<LoadResult> {
    const empty: TailRepair = { size: 0, cutBytes: 0, completed: false };
    if (!this.file) return { loaded: 0, skipped: 0, bytes: 0, repair: empty };
    const dir = join(this.file, '..');
    try {
      await mkdir(dir, { recursive: true });
    } catch (error) {
      throw new Error(`cannot create the data folder ${dir}: ${(error as Error).message}`);
    }
    let repair: TailRepair;
    try {
      repair = await repairTail(this.file);
    } catch (error) {
      throw new Error(`cannot read ${this.file}: ${(error as Error).message}`);
    }
    this.committed = repair.size;
    const recent: Array<{ event: StoredEvent; bytes: number }> = [];
    const keys: string[] = [];
    const seen = new Set<string>();
    let skipped = 0;
    let tailStart = this.committed;
    let recentBytes = 0;
    for await (const line of linesBackward(this.file, this.committed)) {
      if (keys.length >= DEDUPE_WINDOW_IDS) break;
      tailStart = line.start;
      const recentFull = recent.length >= RECENT_EVENTS || recentBytes >= RECENT_BYTES;
      const event = line.text === undefined || recentFull ? undefined : parseLine(line.text);
      const head = event ?? (line.text === undefined ? undefined : idAndName(line.text));
      if (!head) {
        skipped++;
        continue;
      }
      const key = idKey(head.id);
      // Reading newest first: an older line with an id seen already is the copy that was not deduplicated.
      if (seen.has(key)) {
        skipped++;
        continue;
      }
      seen.add(key);
      keys.push(key);
      this.countName(head.name);
      if (event && line.text !== undefined) {
        recent.push({ event, bytes: line.end - line.start + 1 });
        recentBytes += line.end - line.start + 1;
      }
    }
    for (let i = keys.length - 1; i >= 0; i--) this.ids.add(keys[i] as string);
    this.stored = keys.length;
    for (let i = recent.length - 1; i >= 0; i--) this.keepRecent(recent[i]!.event, recent[i]!.bytes);
    if (tailStart > 0) this.countInBackground(tailStart);
    return { loaded: this.events.length, skipped, bytes: this.committed, repair };
  }

  /** Resolves once the initial count of the data file is done. */
  async whenCounted(): Promise<void> {
    await this.counting;
  }

  /**
   * Stores the events whose ids are new and answers only once they are written: a copy of an event
   * whose first copy is still being written waits for that write, and fails with it (a 200 means stored).
   */
  async add(candidates: StoredEvent[]): Promise<AddResult> {
    const fresh: StoredEvent[] = [];
    const freshKeys: string[] = [];
    const waits: Promise<void>[] = [];
    let duplicates = 0;
    for (const event of candidates) {
      const key = idKey(event.id);
      const pending = this.pending.get(key);
      if (pending) waits.push(pending);
      if (pending || this.ids.has(key) || freshKeys.includes(key)) {
        duplicates++;
        continue;
      }
      fresh.push(event);
      freshKeys.push(key);
    }
    let failure: unknown;
    if (fresh.length > 0) {
      // Only a data file needs the JSON lines (and their sizes, for the in-memory window's bound).
      const lines = this.file ? fresh.map((event) => `${JSON.stringify(event)}\n`) : [];
      const generation = this.generation;
      const write = this.append(lines.join(''));
      for (const key of freshKeys) this.pending.set(key, write);
      try {
        await write;
        if (generation === this.generation) this.commit(fresh, freshKeys, lines);
      } catch (error) {
        failure = error;
      } finally {
        for (const key of freshKeys) this.pending.delete(key);
      }
    }
    for (const wait of waits) {
      try {
        await wait;
      } catch (error) {
        failure ??= error;
      }
    }
    if (failure !== undefined) throw new Error(`cannot write to ${this.file}: ${(failure as Error).message}`);
    return { accepted: fresh, duplicates };
  }

  /** The newest `limit` events before `before` (optionally of one name), oldest first, and the cursor for older ones. */
  async page(query: PageQuery): Promise<EventPage> {
    const counting = this.isCounting;
    if (!this.file) {
      const end = Math.min(query.before ?? this.events.length, this.events.length);
      const found: StoredEvent[] = [];
      let i = end - 1;
      for (; i >= 0 && found.length < query.limit; i--) {
        const event = this.events[i] as StoredEvent;
        if (query.name === undefined || event.name === query.name) found.push(event);
      }
      const total =
        query.name === undefined ? this.events.length : this.events.filter((e) => e.name === query.name).length;
      return { events: found.reverse(), total, next: i >= 0 ? i + 1 : null, counting };
    }
    const end = Math.min(query.before ?? this.committed, this.committed);
    const found: StoredEvent[] = [];
    let bytes = 0;
    let scanned = 0;
    let next: number | null = null;
    for await (const line of linesBackward(this.file, end)) {
      if (found.length >= query.limit || bytes >= MAX_PAGE_BYTES || scanned >= MAX_PAGE_SCAN_BYTES) {
        next = line.end + 1;
        break;
      }
      scanned += line.end - line.start + 1;
      if (line.text === undefined) continue;
      if (query.name !== undefined) {
        const head = readHead(line.text.slice(0, HEAD_BYTES));
        if (head && head.name !== query.name) continue;
      }
      const event = parseLine(line.text);
      if (!event || (query.name !== undefined && event.name !== query.name)) continue;
      found.push(event);
      bytes += line.end - line.start + 1;
    }
    const total =
      query.name === undefined ? this.stored : (this.names.get(query.name) ?? (this.namesOverflow ? null : 0));
    return { events: found.reverse(), total, next, counting };
  }

  /** Forgets every event and empties the data file; resolves with how many there were. */
  async clear(): Promise<number> {
    const cleared = this.stored;
    this.generation++;
    this.counting = undefined;
    this.events.length = 0;
    this.sizes.length = 0;
    this.recentBytes = 0;
    this.ids.clear();
    this.stored = 0;
    this.names.clear();
    this.namesOverflow = false;
    this.emit({ type: 'clear' });
    await this.enqueue(async () => {
      await writeFile(this.file as string, '', 'utf8');
      this.committed = 0;
    });
    return cleared;
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Resolves once every queued file write is done; stops a count still running. */
  async settled(): Promise<void> {
    this.closed = true;
    await this.writes.catch(() => undefined);
  }

  private commit(fresh: StoredEvent[], keys: string[], lines: string[]): void {
    fresh.forEach((event, i) => {
      this.ids.add(keys[i] as string);
      this.stored++;
      this.countName(event.name);
      this.keepRecent(event, this.file ? Buffer.byteLength(lines[i] as string) : 0);
    });
    for (const event of fresh) this.emit({ type: 'event', event });
  }

  private keepRecent(event: StoredEvent, bytes: number): void {
    this.events.push(event);
    if (!this.file) return;
    this.sizes.push(bytes);
    this.recentBytes += bytes;
    while (this.events.length > 1 && (this.events.length > RECENT_EVENTS || this.recentBytes > RECENT_BYTES)) {
      this.events.shift();
      this.recentBytes -= this.sizes.shift() ?? 0;
    }
  }

  private countName(name: string): void {
    const known = this.names.get(name);
    if (known !== undefined) this.names.set(name, known + 1);
    else if (this.names.size < MAX_COUNTED_NAMES) this.names.set(name, 1);
    else this.namesOverflow = true;
  }

  /** Counts the lines in `[0, end)` without holding them; the counts join the ones from the end of the file. */
  private countInBackground(end: number): void {
    const generation = this.generation;
    const file = this.file as string;
    const done = scanHeads(file, 0, end, (head) => {
      if (this.closed || generation !== this.generation) return false;
      const found = readHead(head);
      if (found) {
        this.stored++;
        this.countName(found.name);
      }
      return true;
    })
      .catch(() => undefined)
      .finally(() => {
        if (this.counting === done) this.counting = undefined;
      });
    this.counting = done;
  }

  private append(text: string): Promise<void> {
    const file = this.file;
    if (!file) return Promise.resolve();
    return this.enqueue(async () => {
      try {
        await this.appendText(file, text);
      } catch (error) {
        // A partial append would glue the next line to a torn one: cut the file back to its last whole line.
        await truncate(file, this.committed).catch(() => undefined);
        throw error;
      }
      this.committed += Buffer.byteLength(text);
    });
  }

  private enqueue(task: () => Promise<void>): Promise<void> {
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
