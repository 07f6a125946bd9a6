// Delivers accepted changes: one lane per destination (independent: one that is down or refusing
// never holds up another), each starting what `startable` allows (per-key order, erasures as
// barriers, bounded concurrency). A destination's final result is saved before its memory facts are
// kept and before the next change of the same key may start; a change is removed once every
// destination has finished it. With a durable store a failure stays pending and the lane pauses
// before trying again; without one a failure is final.
import type { RequestContext } from '../delivery/request.js';
import { finished, type Entry } from './entry.js';
import { startable } from './lanes.js';
import { readerOf, type Fact, type Memory, type MemoryReader } from './memory.js';
import type { Store } from './store.js';
import type { Delivered, RelayTarget } from './targets/target.js';
import type { DeliveryReport, DestinationName, FlushResult, PendingChange } from './types.js';

export interface EngineOptions {
  targets: ReadonlyArray<{ target: RelayTarget; ctx: RequestContext }>;
  store: Store;
  memory: Memory;
  /** Changes in flight per destination. */
  concurrency: number;
  /** How long a lane waits after a failure before trying again (durable stores only). */
  retryPauseMs: number;
  onDelivery?: ((report: DeliveryReport) => void) | undefined;
}

interface Lane {
  target: RelayTarget;
  ctx: RequestContext;
  /** Unfinished changes for this destination, in acceptance order, running ones included. */
  queue: Entry[];
  running: Set<Entry>;
  pausedUntil: number;
  timer?: ReturnType<typeof setTimeout> | undefined;
}

/** The longest a timer can wait (setTimeout's limit). */
const MAX_TIMER_MS = 2 ** 31 - 1;

export class Engine {
  private readonly lanes = new Map<DestinationName, Lane>();
  /** Unfinished changes by id. */
  private readonly entries = new Map<string, Entry>();
  private readonly waiting = new Map<string, (entry: Entry) => void>();
  private readonly tasks = new Set<Promise<void>>();
  private readonly listeners = new Set<() => void>();
  private closed = false;
  /** The memory as destinations read it. */
  private readonly reader: MemoryReader;

  constructor(private readonly options: EngineOptions) {
    this.reader = readerOf(options.memory);
    for (const { target, ctx } of options.targets)
      this.lanes.set(target.name, { target, ctx, queue: [], running: new Set(), pausedUntil: 0 });
  }

  /** Takes a change (already saved when the store is durable) into its destinations' lanes. */
  enqueue(entry: Entry): void {
    this.entries.set(entry.id, entry);
    for (const name of entry.to) if (entry.done[name] === undefined) this.lanes.get(name)?.queue.push(entry);
    for (const name of entry.to) {
      const lane = this.lanes.get(name);
      if (lane) this.pump(lane);
    }
  }

  /** Resolves when every destination of `entry` has a final result. */
  whenFinished(entry: Entry): Promise<Entry> {
    if (!this.entries.has(entry.id)) return Promise.resolve(entry);
    return new Promise((resolve) => this.waiting.set(entry.id, resolve));
  }

  private pump(lane: Lane): void {
    if (this.closed || lane.pausedUntil > Date.now()) return;
    for (const entry of startable(lane.queue, lane.running, this.options.concurrency)) {
      lane.running.add(entry);
      const task = this.attempt(lane, entry).finally(() => this.tasks.delete(task));
      this.tasks.add(task);
    }
  }

  private async learn(entry: Entry, facts: Fact[]): Promise<void> {
    entry.facts.push(...facts);
    await this.options.store.save(entry);
    await this.remember(facts);
  }

  /** Applies facts to the memory; only those that change it are written (a repeat only refreshes its place). */
  private remember(facts: readonly Fact[]): Promise<void> {
    const { memory, store } = this.options;
    const fresh = facts.filter((f) =>
      'forget' in f ? memory.get(f.forget) !== undefined : memory.get(f.set) !== f.value,
    );
    memory.apply(facts);
    return store.remember(fresh);
  }

  private async attempt(lane: Lane, entry: Entry): Promise<void> {
    const name = lane.target.name;
    const { store } = this.options;
    let outcome: { result: Delivered; facts: Fact[] };
    try {
      outcome = await lane.target.deliver({
        change: entry,
        memory: this.reader,
        ctx: lane.ctx,
        learn: (facts) => this.learn(entry, facts),
      });
    } catch (error) {
      // A bug or a disk that refuses writes: kept as a failure rather than thrown into the background.
      outcome = { result: { status: 'failed', reason: (error as Error).message, retried: 0 }, facts: [] };
    }
    const { result, facts } = outcome;
    try {
      if (result.status === 'failed' && store.durable) {
        // Kept in the outbox: tried again after a pause, by flush(), or at the next start.
        lane.running.delete(entry);
        if (!this.closed) {
          entry.lastError[name] = result.reason;
          this.report(entry, name, result, true);
          this.pause(lane);
        }
        return;
      }
      entry.done[name] = result;
      entry.facts.push(...facts);
      delete entry.lastError[name];
      await store.save(entry);
      await this.remember(facts);
      if (result.status === 'rejected') await store.reject(entry, name, result.reason);
      this.report(entry, name, result, false);
      if (finished(entry)) {
        await store.remove(entry);
        this.entries.delete(entry.id);
        this.waiting.get(entry.id)?.(entry);
        this.waiting.delete(entry.id);
      }
      // Only now may the next change of the same order or customer start here.
      lane.queue.splice(lane.queue.indexOf(entry), 1);
      lane.running.delete(entry);
    } catch (error) {
      // The outbox could not be written: this process is done with it, the file (if any) sends it again at the next start.
      const at = lane.queue.indexOf(entry);
      if (at >= 0) lane.queue.splice(at, 1);
      lane.running.delete(entry);
      process.emitWarning(
        `cartbeacon relay: cannot write the outbox (${(error as Error).message}); change ${entry.id} stays pending`,
        'CartbeaconWarning',
      );
    } finally {
      this.notify();
      this.pump(lane);
    }
  }

  private report(entry: Entry, destination: DestinationName, result: Delivered, willRetry: boolean): void {
    try {
      this.options.onDelivery?.({ id: entry.id, kind: entry.kind, destination, result, willRetry });
    } catch {
      // A throwing callback must not stop deliveries.
    }
  }

  private pause(lane: Lane): void {
    clearTimeout(lane.timer);
    lane.pausedUntil = Date.now() + this.options.retryPauseMs;
    lane.timer = setTimeout(() => {
      lane.pausedUntil = 0;
      lane.timer = undefined;
      this.pump(lane);
    }, this.options.retryPauseMs);
    // Waiting retries never keep the process alive: the outbox holds them for the next start.
    lane.timer.unref?.();
  }

  private notify(): void {
    for (const listener of this.listeners) listener();
  }

  private changed(until: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.listeners.delete(done);
        resolve();
      };
      const timer = setTimeout(done, Math.min(MAX_TIMER_MS, Math.max(0, until - Date.now())));
      this.listeners.add(done);
    });
  }

  /** Nothing running, and nothing waiting that could start now (a paused lane has just failed). */
  private idle(): boolean {
    const now = Date.now();
    for (const lane of this.lanes.values())
      if (lane.running.size > 0 || (lane.queue.length > 0 && lane.pausedUntil <= now && !this.closed)) return false;
    return true;
  }

  /** Ends every pause, then waits until each lane is done or has failed again, or until `timeoutMs`. */
  async flush(timeoutMs?: number): Promise<FlushResult> {
    const until = timeoutMs === undefined ? Number.POSITIVE_INFINITY : Date.now() + Math.max(0, timeoutMs);
    for (const lane of this.lanes.values()) {
      clearTimeout(lane.timer);
      lane.timer = undefined;
      lane.pausedUntil = 0;
      this.pump(lane);
    }
    while (!this.idle() && Date.now() < until) await this.changed(until);
    return this.left();
  }

  /** The unfinished changes and the destinations each waits for. */
  left(): FlushResult {
    const left: PendingChange[] = [];
    for (const entry of this.entries.values()) {
      const destinations = entry.to
        .filter((name) => entry.done[name] === undefined)
        .map((name) => {
          const reason = this.lanes.has(name)
            ? entry.lastError[name]
            : `${name} is not among this relay's destinations: pass its options to deliver it`;
          return reason === undefined ? { name } : { name, reason };
        });
      left.push({ id: entry.id, kind: entry.kind, destinations });
    }
    return { pending: left.length, left };
  }

  /**
   * Stops starting work, ends pauses and waits for the attempts in flight (the caller aborts their
   * requests). Without a durable store, changes still waiting resolve with `failed`.
   */
  async close(reason: string): Promise<void> {
    this.closed = true;
    for (const lane of this.lanes.values()) clearTimeout(lane.timer);
    await Promise.allSettled([...this.tasks]);
    if (this.options.store.durable) return;
    for (const entry of this.entries.values()) {
      for (const name of entry.to) entry.done[name] ??= { status: 'failed', reason, retried: 0 };
      this.waiting.get(entry.id)?.(entry);
    }
    this.entries.clear();
    this.waiting.clear();
  }
}
