// Signed server batches (DESIGN.md "Signed server batches"): the hs payload plus s and event_type.
import { randomUUID } from 'node:crypto';
import { MAX_BATCH_EVENTS } from '../protocol/limits.js';
import { SyncError } from './errors.js';
import { assertNotBrowser } from './guard.js';
import { PLATFORM, VERSION } from './version.js';
import { encodeHs, signHs } from './wire.js';

/** One event sent from a server: the browser event shape, without page context. */
export interface ServerEvent {
  /** Lower-case snake case name, e.g. `order`, `identify`. */
  event: string;
  /** The event's properties, as `track()` takes them (an `order`'s `orderId`, `amount`, `items`…). */
  properties?: Record<string, unknown>;
  /** Who did it: `uid`, `email` and the other `identify()` properties. */
  userProperties?: Record<string, unknown>;
  /** When it happened, epoch ms. `sendEvents` fills in now when absent. */
  time?: {
    /** When the event happened, epoch ms; default now. */
    sentAt?: number;
    /** The event's original time, epoch ms, when it is sent later than it happened (`track()`'s 4th argument); default `sentAt`. */
    originalTimestamp?: number;
  };
  /** UUID the collector de-duplicates on. `sendEvents` makes one when absent. */
  eventId?: string;
  [key: string]: unknown;
}

/** The request body of a signed batch. */
export interface SignedBatch {
  /** Standard base64 of the UTF-8 JSON payload (`{ event: 'send_batch', appClientId, events, … }`). */
  hs: string;
  /** The signature: lower-case hex sha256 of `hs` followed by the API secret. */
  s: string;
  /** Always `send_batch`. */
  event_type: 'send_batch';
}

/** The Richpanel account a server signs for. */
export interface Credentials {
  /** Your Richpanel API key (the `appClientId`). */
  apiKey: string;
  /** Your Richpanel API secret: it signs batches and never leaves your server. */
  secret: string;
}

export function requireCredentials(options: Partial<Credentials> | undefined): Credentials {
  const { apiKey, secret } = options ?? {};
  if (typeof apiKey !== 'string' || apiKey === '') {
    throw new SyncError('the Richpanel API key is missing: pass `apiKey`');
  }
  if (typeof secret !== 'string' || secret === '') {
    throw new SyncError('the Richpanel API secret is missing: pass `secret` (it never leaves your server)');
  }
  return { apiKey, secret };
}

/** Fills what the wire format needs: eventId, time.sentAt and appClientId. Returns a new object. */
export function completeEvent(event: ServerEvent, apiKey: string, now = Date.now()): ServerEvent {
  if (!event || typeof event.event !== 'string' || event.event === '') {
    throw new SyncError('every event needs an "event" name, for example { event: "order", properties: {...} }');
  }
  const sentAt = event.time?.sentAt ?? now;
  return {
    ...event,
    time: { ...event.time, sentAt, originalTimestamp: event.time?.originalTimestamp ?? sentAt },
    eventId: event.eventId ?? randomUUID(),
    appClientId: apiKey,
    version: VERSION,
  };
}

/**
 * Signs up to 25 events as one server batch: `{ hs, s, event_type: 'send_batch' }`, where `hs` is
 * base64 of the UTF-8 JSON payload and `s` = sha256hex(hs + secret). Events are signed as given.
 * @throws SyncError when there are no events, more than 25, or the key/secret is missing.
 */
export function signBatch(events: readonly ServerEvent[], options: Credentials): SignedBatch {
  assertNotBrowser();
  const { apiKey, secret } = requireCredentials(options);
  if (!Array.isArray(events) || events.length === 0 || events.length > MAX_BATCH_EVENTS) {
    throw new SyncError(`a batch holds 1 to ${MAX_BATCH_EVENTS} events: split the list (sendEvents does this for you)`);
  }
  if (!events.every((e) => e !== null && typeof e === 'object' && typeof e.event === 'string' && e.event !== '')) {
    throw new SyncError('every event needs an "event" name, for example { event: "order", properties: {...} }');
  }
  const hs = encodeHs({ event: 'send_batch', appClientId: apiKey, platform: PLATFORM, version: VERSION, events });
  return { hs, s: signHs(hs, secret), event_type: 'send_batch' };
}
