// sendEvents: any number of server events, signed in batches of 25 and delivered in order.
import { requestContext } from '../delivery/context.js';
import { DeliveryStopped } from '../delivery/request.js';
import { MAX_BATCH_EVENTS } from '../protocol/limits.js';
import { BATCH_PATH, DEFAULT_HOST, trimHost } from '../protocol/hosts.js';
import { completeEvent, requireCredentials, type ServerEvent } from './batch.js';
import { deliverBatch, type BatchContext } from './deliver-batch.js';
import { SyncError } from './errors.js';
import { assertNotBrowser } from './guard.js';

export { DEFAULT_HOST };

/** Options of `sendEvents()`: the account, where to send, and how hard to retry. */
export interface SendOptions {
  /** Your Richpanel API key (the `appClientId`). */
  apiKey: string;
  /** Your Richpanel API secret: it signs batches and never leaves your server. */
  secret: string;
  /** Collector origin; events go to `<host>/v2/bt`. Default `https://api.richpanel.com`. */
  host?: string;
  /** A `fetch` implementation; default the global one (Node 18+). */
  fetch?: typeof fetch;
  /** Give up on one request after this many ms (then it is retried). Default 30,000. */
  timeoutMs?: number;
  /** Attempts per batch before giving up. Default 10. */
  maxAttempts?: number;
  /**
   * Stops the work when aborted. `sendEvents` cancels the request in flight and rejects with the
   * signal's reason; `syncHistory` starts no new batch, lets the ones in flight finish, and resolves
   * with `stopped: 'interrupted'` (the checkpoint keeps what was acknowledged).
   */
  signal?: AbortSignal;
}

/** What `sendEvents()` resolves to once every event was accepted. */
export interface SendResult {
  /** Events the collector accepted. */
  sent: number;
  /** Requests that were repeated after a retryable answer. */
  retried: number;
}

export function batchUrl(host: string | undefined): string {
  const base = trimHost(host ?? DEFAULT_HOST);
  if (!/^https?:\/\/[^/]/.test(base)) {
    throw new SyncError(`\`host\` must be an http(s) origin such as ${DEFAULT_HOST} or http://127.0.0.1:8787`);
  }
  return base + BATCH_PATH;
}

function batchContext(options: SendOptions): BatchContext {
  const credentials = requireCredentials(options);
  const url = batchUrl(options.host);
  // sendEvents is called from a request handler: an abort also cancels the request on the wire.
  const ctx = requestContext(options, { signal: options.signal, requestSignal: options.signal });
  return { ...ctx, url, credentials };
}

/**
 * Signs and posts events to `<host>/v2/bt` in batches of 25, one batch at a time, retrying per the
 * status policy (network errors, 408, 429 with Retry-After, 5xx) and halving a batch on 413.
 * Missing `eventId`s and `time.sentAt`s are filled in once, so retries never create duplicates.
 * @throws SyncError when the collector rejects a batch or retries run out; its message says how many were sent.
 */
export async function sendEvents(events: readonly ServerEvent[], options: SendOptions): Promise<SendResult> {
  assertNotBrowser();
  const ctx = batchContext(options);
  const complete = events.map((e) => completeEvent(e, ctx.credentials.apiKey));
  const result: SendResult = { sent: 0, retried: 0 };
  for (let i = 0; i < complete.length; i += MAX_BATCH_EVENTS) {
    let outcome: Awaited<ReturnType<typeof deliverBatch>>;
    try {
      outcome = await deliverBatch(complete.slice(i, i + MAX_BATCH_EVENTS), ctx);
    } catch (error) {
      if (error instanceof DeliveryStopped) {
        throw new SyncError(`${error.message} (${result.sent} of ${complete.length} events were sent)`, error.status);
      }
      throw error;
    }
    result.sent += outcome.delivered;
    result.retried += outcome.retried;
    const [first] = outcome.rejected;
    if (first) {
      throw new SyncError(`${first.reason} (${result.sent} of ${complete.length} events were sent)`);
    }
  }
  return result;
}
