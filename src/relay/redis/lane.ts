// One destination account on Redis: its BullMQ queue (one job per accepted change), the relay's
// ordering keys beside it (scripts.ts), and, unless the relay only accepts, a BullMQ worker that
// delivers its jobs with the destination's RelayTarget. What BullMQ gives: durability, a lock per
// job renewed while its instance lives, stalled-job recovery (the job of a killed instance goes back
// to the queue), retries with backoff, a pause shared by every worker of the queue (its manual rate
// limit, used after a failure), delayed jobs and promotion (a change held back by its order).
import type { ChainableCommander } from 'ioredis';
import type { Job, Queue, Worker } from 'bullmq';
import type { RequestContext } from '../../delivery/request.js';
import type { Entry } from '../entry.js';
import type { Delivered, RelayTarget } from '../targets/target.js';
import type { ChangeKind, DeliveryReport } from '../types.js';
import type { LaneNames, SharedNames } from './keys.js';
import type { BullMQ } from './load.js';
import { factArgs, memoryArgs, type RedisMemory } from './redis-memory.js';
import type { RelayClient } from './scripts.js';

/** What a job carries: the change as accepted. */
interface JobData {
  kind: ChangeKind;
  text: string;
  acceptedAt: number;
}

/** A change held back by its order waits this long at most before it looks again (it is promoted sooner when freed). */
export const PARK_MS = 5_000;
/** A delivered change's result is kept this long: a rerun of its job after a crash returns it instead of sending again. */
const RESULT_TTL_MS = 24 * 60 * 60 * 1000;
/** BullMQ's counters are numbers: "never give up" is this many. */
const NEVER = Number.MAX_SAFE_INTEGER;
/** While a queue is paused, its workers look whether the pause was lifted (by `flush()`) this often. */
const PAUSED_POLL_MS = 1_000;

export interface LaneSetup {
  bullmq: BullMQ;
  prefix: string;
  names: SharedNames;
  lane: LaneNames;
  target: RelayTarget;
  ctx: RequestContext;
  /** Accepting, flush and promotion (bounded retries when Redis is away). */
  client: RelayClient;
  /** Delivering (waits for Redis to come back). */
  workerClient: RelayClient;
  memory: RedisMemory;
  concurrency: number;
  lockDurationMs: number;
  backoffBaseMs: number;
  retryPauseMs: number;
  /** Aborted by close(): no new attempt starts; a change cut short goes back to the queue at once. */
  stop: AbortSignal;
  onDelivery?: ((report: DeliveryReport) => void) | undefined;
}

export class RedisLane {
  readonly queue: Queue;
  private worker: Worker | undefined;

  constructor(private readonly setup: LaneSetup) {
    this.queue = new setup.bullmq.Queue(setup.lane.queue, { connection: setup.client, prefix: setup.prefix });
    this.queue.on('error', () => undefined);
  }

  get name() {
    return this.setup.target.name;
  }

  /** Adds the change's job, and its place in the lane's order, to `multi` (exec'd by the caller). */
  async add(multi: ChainableCommander, entry: Entry): Promise<void> {
    const { bullmq, lane } = this.setup;
    (multi as unknown as RelayClient).cartbeaconRegister(
      lane.base,
      entry.id,
      entry.barrier ? '1' : '0',
      ...entry.keys.map((key) => lane.key(key)),
    );
    const data: JobData = { kind: entry.kind, text: entry.text, acceptedAt: entry.acceptedAt };
    const opts = {
      jobId: entry.id,
      attempts: NEVER,
      backoff: { type: 'cartbeacon' },
      removeOnComplete: true,
      removeOnFail: false,
    };
    const job = new bullmq.Job(this.queue, entry.kind, data, opts, entry.id);
    await job.addJob(multi as never);
  }

  /** Starts working the queue, and frees what a crash left parked (in the background: Redis may be away). */
  work(): void {
    const { bullmq, lane, prefix, workerClient, concurrency, lockDurationMs, retryPauseMs, backoffBaseMs } = this.setup;
    void workerClient.cartbeaconWake(lane.base).then(
      (ids) => this.promote(ids),
      // Left parked: they look again on their own (PARK_MS).
      () => undefined,
    );
    this.worker = new bullmq.Worker(lane.queue, (job, token) => this.process(job as Job<JobData>, token!), {
      connection: workerClient,
      prefix,
      // Runs once Redis is reachable: a worker started without it cannot be closed until it is.
      autorun: false,
      concurrency,
      lockDuration: lockDurationMs,
      stalledInterval: lockDurationMs,
      // A change is never given up: a stalled job (its instance died) always goes back to the queue.
      maxStalledCount: NEVER,
      // The manual rate limit (a pause after a failure) is only checked with a limiter set; this one never limits.
      limiter: { max: NEVER, duration: 1_000 },
      maximumRateLimitDelay: Math.min(PAUSED_POLL_MS, retryPauseMs),
      settings: {
        // An unexpected error (Redis away mid-delivery): BullMQ retries with backoff, doubling to the pause.
        backoffStrategy: (attemptsMade: number) =>
          Math.min(retryPauseMs, backoffBaseMs * 2 ** Math.min(30, Math.max(0, attemptsMade - 1))),
      },
    });
    this.worker.on('error', () => undefined);
    const worker = this.worker;
    const run = () => {
      if (!worker.closing) void worker.run().catch(() => undefined);
    };
    if (workerClient.status === 'ready') run();
    else workerClient.once('ready', run);
  }

  private async promote(ids: readonly string[]): Promise<void> {
    for (const id of ids) {
      try {
        await (await this.setup.bullmq.Job.fromId(this.queue, id))?.promote();
      } catch {
        // Not delayed (any more): it is being worked on, or its own instance promoted it.
      }
    }
  }

  private async process(job: Job<JobData>, token: string): Promise<Delivered> {
    const { bullmq, lane, names, target, ctx, workerClient, memory, stop } = this.setup;
    const id = job.id!;
    const resultKey = names.result(lane.queue, id);
    // Finished before its instance died (the result was kept, the job not yet completed): done.
    const recorded = await workerClient.get(resultKey);
    if (recorded !== null) return JSON.parse(recorded) as Delivered;
    if ((await workerClient.cartbeaconStart(lane.base, id)) === 0) {
      // Held back by its order: parked until the change before it finishes (which promotes it).
      await job.moveToDelayed(Date.now() + PARK_MS, token);
      // That change may have finished while this one was being parked: then it promotes itself.
      if ((await workerClient.cartbeaconStart(lane.base, id)) === 1) await this.promote([id]);
      throw new bullmq.DelayedError();
    }

    const { kind, text, acceptedAt } = job.data;
    const change = { id, kind, text, acceptedAt, value: JSON.parse(text) as Record<string, unknown> };
    let outcome: Awaited<ReturnType<RelayTarget['deliver']>>;
    try {
      outcome = await target.deliver({ change, memory, ctx, learn: (facts) => memory.learn(facts) });
    } catch (error) {
      // A bug, or Redis refusing a write mid-delivery: a failure, tried again after the pause.
      outcome = { result: { status: 'failed', reason: (error as Error).message, retried: 0 }, facts: [] };
    }
    const { result, facts } = outcome;

    if (result.status === 'failed') {
      if (stop.aborted) {
        // Closing: back to the queue at once, for another instance or the next start.
        await job.moveToWait(token);
        throw new bullmq.WaitingError();
      }
      // Kept in the queue: the destination's queue pauses (for every instance), then tries again.
      await workerClient.hset(`${lane.base}errors`, id, JSON.stringify({ reason: result.reason, at: Date.now() }));
      this.report(id, kind, result, true);
      await this.queue.rateLimit(this.setup.retryPauseMs);
      throw bullmq.Worker.RateLimitError();
    }

    const rejected =
      result.status === 'rejected'
        ? JSON.stringify({
            id,
            kind,
            destination: target.name,
            reason: result.reason,
            at: new Date().toISOString(),
            change: change.value,
          })
        : '';
    const freed = await workerClient.cartbeaconFinish(
      lane.base,
      id,
      resultKey,
      JSON.stringify(result),
      String(RESULT_TTL_MS),
      names.rejected,
      rejected,
      ...memoryArgs(names),
      ...factArgs(facts),
    );
    await this.promote(freed);
    this.report(id, kind, result, false);
    return result;
  }

  private report(id: string, kind: ChangeKind, result: Delivered, willRetry: boolean): void {
    try {
      this.setup.onDelivery?.({ id, kind, destination: this.setup.target.name, result, willRetry });
    } catch {
      // A throwing callback must not stop deliveries.
    }
  }

  /** Which of `ids` are still unfinished in this lane. */
  async unfinished(ids: readonly string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const scores = await this.setup.client.zmscore(`${this.setup.lane.base}pending`, ...ids);
    return new Set(ids.filter((_, i) => scores[i] !== null));
  }

  /** The last failure of each of `ids` that has one. */
  async reasons(ids: readonly string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    if (ids.length === 0) return out;
    const raw = await this.setup.client.hmget(`${this.setup.lane.base}errors`, ...ids);
    raw.forEach((text, i) => {
      if (text !== null) out.set(ids[i]!, (JSON.parse(text) as { reason: string }).reason);
    });
    return out;
  }

  /** True while the queue is paused after a failure. */
  async paused(): Promise<boolean> {
    return (await this.queue.getRateLimitTtl(NEVER)) > 0;
  }

  /** Ends a pause after a failure, for every instance. */
  async resume(): Promise<void> {
    await this.queue.removeRateLimitKey();
  }

  /**
   * Stops taking jobs, lets those in flight end (they hand back what close() cut short), closes the
   * queue; after `graceMs` (Redis away) it disconnects instead: BullMQ's locks then expire and
   * another instance takes those jobs.
   */
  async close(graceMs: number): Promise<void> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<'late'>((resolve) => {
      timer = setTimeout(() => resolve('late'), graceMs);
    });
    const closing = (async () => {
      await this.worker?.close();
      await this.queue.close();
    })();
    closing.catch(() => undefined);
    try {
      if ((await Promise.race([closing, late])) === 'late') {
        const disconnecting = Promise.allSettled([this.worker?.disconnect(), this.queue.disconnect()]);
        await Promise.race([disconnecting, new Promise((resolve) => setTimeout(resolve, graceMs).unref())]);
      }
    } finally {
      clearTimeout(timer);
    }
  }
}
