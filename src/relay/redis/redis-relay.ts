// createRelay({ redis }): the relay with its outbox, pace and memory in Redis, shared by every relay
// naming the same Redis and prefix. A call resolves once its change is in Redis: one BullMQ job per
// destination account and the change's place in that lane's order, added in one MULTI (all or
// nothing). Unless `deliver: false`, the relay also works every lane's queue (lane.ts). BullMQ and
// ioredis are loaded on first use (load.ts).
import { setMaxListeners } from 'node:events';
import { requestContext } from '../../delivery/context.js';
import { REQUEST_TIMEOUT_MS, type RequestContext } from '../../delivery/request.js';
import { sleep } from '../../delivery/sleep.js';
import { acceptChange } from '../accept.js';
import { RelayError } from '../errors.js';
import { positiveInt } from '../positive-int.js';
import type { RelayTarget } from '../targets/target.js';
import type {
  ChangeKind,
  Deletion,
  DestinationName,
  FlushResult,
  PendingChange,
  Relay,
  RelayOptions,
} from '../types.js';
import { DEFAULT_REDIS_PREFIX, laneNames, sharedNames } from './keys.js';
import { RedisLane } from './lane.js';
import { loadRedisPackages } from './load.js';
import { redisPacer } from './pacer.js';
import { RedisMemory } from './redis-memory.js';
import { type RelayClient, withRelayCommands } from './scripts.js';

/** BullMQ's default: a change held by an instance that died goes to another within about a minute. */
const DEFAULT_LOCK_DURATION_MS = 30_000;
/** Shorter locks are renewed so often that a busy event loop loses them (and changes go twice). */
const MIN_LOCK_DURATION_MS = 1_000;
/** What close() allows beyond a request's timeout for results to be written and jobs handed back. */
const CLOSE_SLACK_MS = 5_000;
/** With Redis away, close() waits this long for the workers, then disconnects. */
const CLOSE_AWAY_MS = 1_000;
/** How often `flush()` looks whether this relay's changes are done. */
const FLUSH_POLL_MS = 50;
/** The ids of accepted changes are checked for being done (and forgotten) past this many. */
const PRUNE_FROM = 1_000;
/** Abort listeners one change in flight may hold on the relay's stop signal (pace, backoff, request). */
const LISTENERS_PER_CHANGE = 4;
/** How long a call waits for Redis to be reachable before it rejects (ioredis's own default connect timeout). */
const DEFAULT_CONNECT_WAIT_MS = 10_000;

export interface RedisSettings {
  concurrency: number;
  rateWindowMs: number;
  backoffBaseMs: number;
  retryPauseMs: number;
}

interface Connected {
  /** Resolves once the calls' client is connected, or rejects after `connectTimeout` saying why not. */
  reachable(): Promise<void>;
  client: RelayClient;
  workerClient: RelayClient;
  lanes: RedisLane[];
}

function checkOptions(options: RelayOptions): { prefix: string; lockDurationMs: number } {
  const { redis, redisPrefix, deliver } = options;
  if (typeof redis === 'string' ? !/^rediss?:\/\//.test(redis) : redis === null || typeof redis !== 'object')
    throw new RelayError('`redis` must be a URL such as redis://127.0.0.1:6379, or ioredis options { host, port, … }');
  if (redisPrefix !== undefined && (typeof redisPrefix !== 'string' || !/^[^\s:]+$/.test(redisPrefix)))
    throw new RelayError('`redisPrefix` must be a word without spaces or colons, such as cartbeacon-shop1');
  if (deliver !== undefined && typeof deliver !== 'boolean') throw new RelayError('`deliver` must be true or false');
  const lockDurationMs = positiveInt(options.lockDurationMs, DEFAULT_LOCK_DURATION_MS, 'lockDurationMs');
  if (lockDurationMs < MIN_LOCK_DURATION_MS)
    throw new RelayError(`\`lockDurationMs\` must be at least ${MIN_LOCK_DURATION_MS}`);
  return { prefix: redisPrefix ?? DEFAULT_REDIS_PREFIX, lockDurationMs };
}

export function createRedisRelay(options: RelayOptions, targets: RelayTarget[], settings: RedisSettings): Relay {
  const { prefix, lockDurationMs } = checkOptions(options);
  const names = sharedNames(prefix);
  const stop = new AbortController();
  // Every change in flight waits on it (its turn in the pace, its backoff, its request), each removing
  // its listener when done: Node's leak warning at 11 would fire at the default concurrency.
  setMaxListeners(LISTENERS_PER_CHANGE * settings.concurrency * targets.length + 10, stop.signal);
  /** What this relay accepted and has not seen finished: `flush()` waits for these. */
  const mine = new Map<string, { kind: ChangeKind; to: DestinationName[] }>();
  let closed: Promise<void> | undefined;

  const ready: Promise<Connected> = (async () => {
    const { bullmq, Redis } = await loadRedisPackages();
    let lastError = 'not connected yet';
    const connect = (extra: Record<string, unknown>): RelayClient => {
      const client =
        typeof options.redis === 'string' ? new Redis(options.redis, extra) : new Redis({ ...options.redis, ...extra });
      // Reconnects on its own; a call made meanwhile waits for it (reachable()).
      client.on('error', (error: Error) => {
        lastError = error.message;
      });
      return withRelayCommands(client);
    };
    // Calls and flush give up after ioredis's 20 retries; workers wait for Redis to come back (as BullMQ needs).
    const client = connect({});
    const workerClient = connect({ maxRetriesPerRequest: null });
    const memory = new RedisMemory(workerClient, names);
    const context = (target: RelayTarget): RequestContext => {
      const ctx = requestContext(
        {
          fetch: options.fetch,
          timeoutMs: options.timeoutMs,
          maxAttempts: options.maxAttempts,
          backoffBaseMs: settings.backoffBaseMs,
        },
        // Closing stops new attempts and waits; requests on the wire are answered (or time out).
        { signal: stop.signal },
      );
      // A destination's own limits (eSputnik's per kind) are kept by every instance together too.
      ctx.sharedPace = (key, perMinute) => redisPacer(workerClient, names.rate(key), perMinute, 60_000, stop.signal);
      const rate = options.ratePerMinute?.[target.name] ?? target.defaultRatePerMinute;
      if (rate)
        ctx.beforeRequest = redisPacer(
          workerClient,
          names.rate(target.rateKey ?? target.name),
          rate,
          settings.rateWindowMs,
          stop.signal,
        );
      return ctx;
    };
    const lanes = targets.map(
      (target) =>
        new RedisLane({
          bullmq,
          prefix,
          names,
          lane: laneNames(prefix, target.name, target.rateKey ?? target.name),
          target,
          ctx: context(target),
          client,
          workerClient,
          memory,
          concurrency: settings.concurrency,
          lockDurationMs,
          backoffBaseMs: settings.backoffBaseMs,
          retryPauseMs: settings.retryPauseMs,
          stop: stop.signal,
          onDelivery: options.onDelivery,
        }),
    );
    if (options.deliver !== false && !stop.signal.aborted) for (const lane of lanes) lane.work();
    const connectWaitMs = Number(
      (typeof options.redis === 'object' && options.redis.connectTimeout) || DEFAULT_CONNECT_WAIT_MS,
    );
    const reachable = async () => {
      if (client.status === 'ready') return;
      await new Promise<void>((resolve, reject) => {
        const done = () => {
          clearTimeout(timer);
          client.off('ready', done);
          resolve();
        };
        const timer = setTimeout(() => {
          client.off('ready', done);
          reject(new Error(`Redis is not reachable (${lastError})`));
        }, connectWaitMs);
        client.on('ready', done);
      });
    };
    return { reachable, client, workerClient, lanes };
  })();
  // Calls report a failed start; nothing else waits for it.
  ready.catch(() => undefined);

  const connected = async (): Promise<Connected> => {
    try {
      return await ready;
    } catch (error) {
      if (error instanceof RelayError) throw error;
      throw new RelayError(`cannot start the relay on Redis: ${(error as Error).message}`);
    }
  };

  let pruneAt = PRUNE_FROM;
  let pruning = false;

  async function relay(kind: ChangeKind, input: unknown) {
    if (closed) throw new RelayError('the relay is closed: make a new one with createRelay');
    const { entry, outcome } = acceptChange(targets, kind, input, 0);
    if (entry.to.length === 0) return outcome(() => ({ status: 'queued' }));
    const { lanes, reachable } = await connected();
    if (closed) throw new RelayError('the relay is closed: make a new one with createRelay');
    try {
      // Nothing is sent while Redis is away: a call that rejects has written nothing.
      await reachable();
      // Each queue's client is the shared one, with BullMQ's scripts loaded: one MULTI adds every job.
      const clients = await Promise.all(lanes.map((lane) => lane.queue.getBackend().client));
      const multi = clients[0]!.multi() as unknown as import('ioredis').ChainableCommander;
      for (const lane of lanes) if (entry.to.includes(lane.name)) await lane.add(multi, entry);
      const results = await multi.exec();
      const failed = results?.find(([error]) => error)?.[0];
      if (!results || failed) throw failed ?? new Error('the transaction was aborted');
    } catch (error) {
      throw new RelayError(`cannot write the change to Redis: ${(error as Error).message}`);
    }
    mine.set(entry.id, { kind, to: entry.to });
    if (mine.size >= pruneAt && !pruning) {
      pruning = true;
      void left(lanes)
        .catch(() => undefined)
        .finally(() => {
          pruning = false;
          pruneAt = Math.max(PRUNE_FROM, 2 * mine.size);
        });
    }
    return outcome(() => ({ status: 'queued' }));
  }

  /** This relay's changes still unfinished somewhere (forgetting the others), and whether every lane they wait in is paused. */
  async function left(lanes: readonly RedisLane[]): Promise<FlushResult & { paused: boolean }> {
    const waiting = new Map<string, PendingChange>();
    let paused = true;
    for (const lane of lanes) {
      const ids = [...mine].filter(([, c]) => c.to.includes(lane.name)).map(([id]) => id);
      const unfinished = [...(await lane.unfinished(ids))];
      if (unfinished.length === 0) continue;
      const reasons = await lane.reasons(unfinished);
      for (const id of unfinished) {
        const change = waiting.get(id) ?? { id, kind: mine.get(id)!.kind, destinations: [] };
        const reason = reasons.get(id);
        change.destinations.push(reason === undefined ? { name: lane.name } : { name: lane.name, reason });
        waiting.set(id, change);
      }
      if (paused && !(await lane.paused())) paused = false;
    }
    for (const id of [...mine.keys()]) if (!waiting.has(id)) mine.delete(id);
    const list = [...waiting.values()];
    return { pending: list.length, left: list, paused };
  }

  return {
    order: (order) => relay('order', order),
    customer: (customer) => relay('customer', customer),
    deleteCustomer: (who: Deletion) => relay('delete', who),
    async flush(timeoutMs) {
      const until = timeoutMs === undefined ? Number.POSITIVE_INFINITY : Date.now() + Math.max(0, timeoutMs);
      const { lanes, reachable } = await connected();
      // Ends the pause after a failure, for every instance: each waiting change gets its attempt now.
      if (
        await reachable().then(
          () => true,
          () => false,
        )
      )
        await Promise.allSettled(lanes.map((lane) => lane.resume()));
      for (;;) {
        let now: FlushResult & { paused: boolean };
        try {
          now = await left(lanes);
        } catch (error) {
          if (Date.now() >= until)
            throw new RelayError(`cannot read the relay's state in Redis: ${(error as Error).message}`);
          await sleep(Math.min(FLUSH_POLL_MS * 20, until - Date.now()));
          continue;
        }
        // Done, or every destination it waits for has just failed again (it is paused), or out of time.
        if (now.pending === 0 || now.paused || Date.now() >= until) return { pending: now.pending, left: now.left };
        await sleep(Math.min(FLUSH_POLL_MS, until - Date.now()));
      }
    },
    close() {
      closed ??= (async () => {
        stop.abort(new RelayError('the relay was closed'));
        let state: Connected;
        try {
          state = await ready;
        } catch {
          return;
        }
        // Requests on the wire are answered or time out; a Redis that is away does not hold close() up past that.
        const graceMs =
          state.client.status === 'ready' ? (options.timeoutMs ?? REQUEST_TIMEOUT_MS) + CLOSE_SLACK_MS : CLOSE_AWAY_MS;
        await Promise.allSettled(state.lanes.map((lane) => lane.close(graceMs)));
        for (const client of [state.client, state.workerClient]) {
          if (client.status === 'ready') await client.quit().catch(() => client.disconnect());
          else client.disconnect();
        }
      })();
      return closed;
    },
  };
}
