// createRelay: one call per change (an order, a customer, an erasure) to every configured
// destination, built on the history sync's destinations (src/sync) and the shared request loop
// (src/delivery). Calls check the change against every destination first (bad input throws, nothing
// is sent), then wait for delivery, or with an outbox only for the change to be on disk.
import { requestContext } from '../delivery/context.js';
import { BACKOFF_BASE_MS, BACKOFF_CAP_MS } from '../protocol/backoff.js';
import { assertNotBrowser } from '../server/guard.js';
import { acceptChange } from './accept.js';
import { Engine } from './engine.js';
import type { Entry } from './entry.js';
import { RelayError } from './errors.js';
import { Memory } from './memory.js';
import { openOutbox } from './outbox/outbox.js';
import { positiveInt } from './positive-int.js';
import { createRedisRelay } from './redis/redis-relay.js';
import { MEMORY_ONLY, type Store } from './store.js';
import { relayTargets } from './targets/table.js';
import type { ChangeKind, Deletion, DestinationResult, Relay, RelayOptions } from './types.js';

/** Four changes in flight per destination keep up with a busy shop without looking like a flood. */
export const DEFAULT_RELAY_CONCURRENCY = 4;
/** More in flight than this only makes a destination answer 429 sooner. */
const MAX_RELAY_CONCURRENCY = 64;
/** The "minute" of a requests-per-minute rate. */
const MINUTE_MS = 60_000;

/**
 * Makes a relay to any subset of Richpanel, Rfmcube and eSputnik (see {@link Relay}). With `outbox`,
 * changes left pending by an earlier run in that folder start delivering at once; with `redis`, the
 * outbox, pace and memory are Redis's, shared by every relay naming it (redis/redis-relay.ts).
 * @throws RelayError naming the option at fault (`rfmcube.apiKey`), or when the outbox is in use.
 */
export function createRelay(options: RelayOptions): Relay {
  assertNotBrowser();
  if (options === null || typeof options !== 'object')
    throw new RelayError('createRelay needs options such as { richpanel: { apiKey, secret } }');
  const targets = relayTargets(options);
  const concurrency = positiveInt(options.concurrency, DEFAULT_RELAY_CONCURRENCY, 'concurrency', MAX_RELAY_CONCURRENCY);
  const rateWindowMs = positiveInt(options.rateWindowMs, MINUTE_MS, 'rateWindowMs');
  for (const [name, rate] of Object.entries(options.ratePerMinute ?? {})) positiveInt(rate, 1, `ratePerMinute.${name}`);
  const backoffBaseMs = options.backoffBaseMs ?? BACKOFF_BASE_MS;
  // After a failure (a whole retry loop spent), an outbox waits the longest backoff before trying again.
  const retryPauseMs = (BACKOFF_CAP_MS * backoffBaseMs) / BACKOFF_BASE_MS;
  if (options.redis !== undefined) {
    if (options.outbox !== undefined)
      throw new RelayError('give `outbox` (a folder on this machine) or `redis` (shared by every instance), not both');
    return createRedisRelay(options, targets, { concurrency, rateWindowMs, backoffBaseMs, retryPauseMs });
  }
  for (const name of ['deliver', 'redisPrefix', 'lockDurationMs'] as const)
    if (options[name] !== undefined)
      throw new RelayError(`\`${name}\` is for a relay on Redis: pass \`redis\` too, or leave \`${name}\` out`);

  const stop = new AbortController();
  const contexts = targets.map((target) => ({
    target,
    // Closing also cancels requests on the wire: an outbox sends them again at the next start.
    ctx: requestContext(
      {
        fetch: options.fetch,
        timeoutMs: options.timeoutMs,
        maxAttempts: options.maxAttempts,
        backoffBaseMs,
        ratePerMinute: options.ratePerMinute?.[target.name] ?? target.defaultRatePerMinute,
        rateWindowMs,
        rateKey: target.rateKey,
      },
      { signal: stop.signal, requestSignal: stop.signal },
    ),
  }));

  const memory = new Memory();
  let store: Store = MEMORY_ONLY;
  let pending: Entry[] = [];
  let nextSeq = 1;
  if (options.outbox !== undefined) {
    if (typeof options.outbox !== 'string' || options.outbox === '')
      throw new RelayError('`outbox` must be the path of a folder');
    const opened = openOutbox(options.outbox, memory);
    store = opened.store;
    pending = opened.entries;
    nextSeq = opened.nextSeq;
  }
  const engine = new Engine({
    targets: contexts,
    store,
    memory,
    concurrency,
    retryPauseMs,
    onDelivery: options.onDelivery,
  });
  for (const entry of pending) engine.enqueue(entry);

  let closed: Promise<void> | undefined;

  async function relay(kind: ChangeKind, input: unknown) {
    if (closed) throw new RelayError('the relay is closed: make a new one with createRelay');
    const { entry, outcome } = acceptChange(targets, kind, input, nextSeq++);
    if (entry.to.length === 0) return outcome(() => ({ status: 'queued' }));
    if (store.durable) {
      try {
        await store.save(entry);
      } catch (error) {
        throw new RelayError(`cannot write the change to the outbox: ${(error as Error).message}`);
      }
    }
    engine.enqueue(entry);
    if (store.durable) return outcome(() => ({ status: 'queued' }));
    const done = await engine.whenFinished(entry);
    return outcome((name) => done.done[name] as DestinationResult);
  }

  return {
    order: (order) => relay('order', order),
    customer: (customer) => relay('customer', customer),
    deleteCustomer: (who: Deletion) => relay('delete', who),
    flush: (timeoutMs) => engine.flush(timeoutMs),
    close() {
      closed ??= (async () => {
        stop.abort(new RelayError('the relay was closed'));
        await engine.close('the relay was closed before this change was delivered');
        await store.close();
      })();
      return closed;
    },
  };
}
