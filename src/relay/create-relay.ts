// createRelay: one call per change (an order, a customer, an erasure) to every configured
// destination, built on the history sync's destinations (src/sync) and the shared request loop
// (src/delivery). Calls check the change against every destination first (bad input throws, nothing
// is sent), then wait for delivery, or with an outbox only for the change to be on disk.
import { randomUUID } from 'node:crypto';
import { requestContext } from '../delivery/context.js';
import { BACKOFF_BASE_MS, BACKOFF_CAP_MS } from '../protocol/backoff.js';
import { assertNotBrowser } from '../server/guard.js';
import { describeChange, jsonCopy, orderingOf, readCustomer } from './change.js';
import { Engine } from './engine.js';
import type { Entry } from './entry.js';
import { RelayError, RelayInputError } from './errors.js';
import { Memory } from './memory.js';
import { openOutbox } from './outbox/outbox.js';
import { positiveInt } from './positive-int.js';
import { MEMORY_ONLY, type Store } from './store.js';
import { relayTargets } from './targets/table.js';
import type {
  ChangeKind,
  Deletion,
  DestinationName,
  DestinationResult,
  Relay,
  RelayOptions,
  RelayOutcome,
} from './types.js';

/** Four changes in flight per destination keep up with a busy shop without looking like a flood. */
export const DEFAULT_RELAY_CONCURRENCY = 4;
/** More in flight than this only makes a destination answer 429 sooner. */
const MAX_RELAY_CONCURRENCY = 64;
/** The "minute" of a requests-per-minute rate. */
const MINUTE_MS = 60_000;

/**
 * Makes a relay to any subset of Richpanel, Rfmcube and eSputnik (see {@link Relay}). With `outbox`,
 * changes left pending by an earlier run in that folder start delivering at once.
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
    // After a failure (a whole retry loop spent), an outbox waits the longest backoff before trying again.
    retryPauseMs: (BACKOFF_CAP_MS * backoffBaseMs) / BACKOFF_BASE_MS,
    onDelivery: options.onDelivery,
  });
  for (const entry of pending) engine.enqueue(entry);

  let closed: Promise<void> | undefined;

  async function relay(kind: ChangeKind, input: unknown, check?: (value: Record<string, unknown>) => string[]) {
    if (closed) throw new RelayError('the relay is closed: make a new one with createRelay');
    const { value, text } = jsonCopy(kind, input);
    const general = check?.(value) ?? [];
    if (general.length > 0) throw new RelayInputError(kind, describeChange(kind, value), { input: general });
    const unsupported: RelayOutcome['results'] = {};
    const problems: Partial<Record<DestinationName, string[]>> = {};
    const to: DestinationName[] = [];
    for (const { target } of contexts) {
      const verdict = target.check(kind, value);
      if ('problems' in verdict) problems[target.name] = verdict.problems;
      else if ('unsupported' in verdict)
        unsupported[target.name] = { status: 'unsupported', reason: verdict.unsupported, retried: 0 };
      else to.push(target.name);
    }
    if (Object.keys(problems).length > 0) throw new RelayInputError(kind, describeChange(kind, value), problems);
    const entry: Entry = {
      id: randomUUID(),
      seq: nextSeq++,
      kind,
      value,
      text,
      acceptedAt: Date.now(),
      to,
      done: {},
      facts: [],
      lastError: {},
      ...orderingOf(kind, value),
    };
    /** One result per destination, in the order of the destination table. */
    const outcome = (of: (name: DestinationName) => DestinationResult): RelayOutcome => {
      const results: RelayOutcome['results'] = {};
      for (const { target } of contexts) results[target.name] = unsupported[target.name] ?? of(target.name);
      return { id: entry.id, kind, results };
    };
    if (to.length === 0) return outcome(() => ({ status: 'queued' }));
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
    deleteCustomer: (who: Deletion) =>
      relay('delete', who, (value) => {
        const { customer, problems } = readCustomer(value);
        if (customer.id === undefined && customer.email === undefined && problems.length === 0)
          return ['id and email are missing: give the customer’s id, e-mail or both'];
        return problems;
      }),
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
