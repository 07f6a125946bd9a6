// Public types of the real-time relay (`createRelay` in cartbeacon/server). Docs live here.
import type { ChangeResult } from '../sync/deliver-change.js';
import type { EsputnikOptions } from '../sync/destinations/esputnik/options.js';
import type { RfmcubeOptions } from '../sync/destinations/rfmcube/options.js';
import type { DestinationName } from '../sync/destinations/table.js';

export type { DestinationName };

/** What a call relays: an order change, a customer change, or an erasure. */
export type ChangeKind = 'order' | 'customer' | 'delete';

/** Who `deleteCustomer` erases: an id, an e-mail, or both (Rfmcube deletes the customer and all their orders). */
export interface Deletion {
  /** The customer's id in the shop. */
  id?: string | number;
  /** The customer's e-mail (Rfmcube's primary key). */
  email?: string;
}

/** Richpanel's options in a relay: the same key, secret and host as `sendEvents`. */
export interface RelayRichpanelOptions {
  /** Richpanel API key. */
  apiKey: string;
  /** Richpanel API secret (signs each batch; it never leaves your server). */
  secret: string;
  /** Collector origin; events go to `<host>/v2/bt`. Default `https://api.richpanel.com`. */
  host?: string;
}

/**
 * Rfmcube's options in a relay: the sync's (`apiKey`, `baseUrl`, `statusMap`, `orderDescriptors`…).
 * `triggerIntegrations` defaults to `true` here (a live change should run the account's
 * integrations; a history import should not, so the sync defaults to `false`).
 */
export type RelayRfmcubeOptions = RfmcubeOptions;

/**
 * eSputnik's options in a relay: the sync's (`apiKey`, `baseUrl`, `statusMap`, `fixTotals`, `itemUrl`,
 * `items`). Leave `eventType` unset to let the relay choose per change (see the README); set, every
 * order goes as that type.
 */
export type RelayEsputnikOptions = EsputnikOptions;

/**
 * The options of the ioredis client a relay on Redis connects with (`host`, `port`, `username`,
 * `password`, `db`, `tls`, `sentinels`, `name`…), passed to it as they are.
 */
export interface RelayRedisOptions {
  /** Redis host. Default `127.0.0.1`. */
  host?: string;
  /** Redis port. Default 6379. */
  port?: number;
  /** ACL user name. */
  username?: string;
  /** Password (or ACL password). */
  password?: string;
  /** Database index. Default 0. */
  db?: number;
  /** Any other ioredis option (`tls`, `sentinels`, `name`, `connectTimeout`…). */
  [option: string]: unknown;
}

/** Options of {@link createRelay}: any subset of the three destinations, at least one. */
export interface RelayOptions {
  /** Richpanel: signed `order` and `identify` events to `<host>/v2/bt`. */
  richpanel?: RelayRichpanelOptions;
  /** Rfmcube: `merge_customer`, `merge_order`, `delete_customer`. */
  rfmcube?: RelayRfmcubeOptions;
  /**
   * eSputnik: its contact ("Add/update a contact") for a customer, and before the first order of a
   * customer the relay has not sent; one order event per order change, naming the contact; the
   * erasure of a contact (`erase=true`).
   */
  esputnik?: RelayEsputnikOptions;
  /**
   * A folder for the outbox: a call resolves once its change is on disk (fsync), delivery runs in
   * the background, and a process that dies delivers what was pending when it starts again with the
   * same folder. It also keeps the relay's memory (customers sent to Rfmcube, contacts and order ids
   * sent to eSputnik). One relay at a time per folder. Without it, calls wait for delivery and the memory
   * lasts as long as the process.
   */
  outbox?: string;
  /**
   * A Redis server shared by every instance of the shop's backend: `redis://host:6379` (or
   * `rediss://…`), or the options of the ioredis client (`{ host, port, password, tls, … }`). The
   * outbox (a BullMQ queue per destination), each account's pace and the relay's memory then live
   * there, shared by every relay naming the same Redis (and `redisPrefix`): a call resolves once its
   * change is in Redis, any instance may deliver it, and one that dies loses nothing. Needs the
   * packages `bullmq` and `ioredis` (`npm i bullmq ioredis`). Not with `outbox`.
   */
  redis?: string | RelayRedisOptions;
  /** With `redis`: the prefix of every key the relay keeps there (BullMQ's `prefix`). Default `cartbeacon`. */
  redisPrefix?: string;
  /**
   * With `redis`: `false` for an instance that only accepts changes, leaving delivery to the others
   * (`cartbeacon relay` workers). Default `true`: every relay also works the shared queue.
   */
  deliver?: boolean;
  /**
   * With `redis`: how long an instance holds a change it works on without renewing its claim
   * (BullMQ's `lockDuration`; renewed at half of it while the instance lives). A change held by an
   * instance that was killed goes to another one within about twice this. Default 30,000.
   */
  lockDurationMs?: number;
  /** Changes in flight at once per destination (with `redis`: per destination and instance). Default 4. */
  concurrency?: number;
  /**
   * Requests per minute per destination, retries included. Defaults: Rfmcube 55 (it allows 60),
   * Richpanel no limit; eSputnik none of ours, only its own limits (90% of each: 315 Generate events
   * and 180 other requests a second), which apply under any rate set here. Rfmcube's and eSputnik's
   * are shared by every relay and history sync of the process that writes to the same account.
   */
  ratePerMinute?: { [D in DestinationName]?: number };
  /** The "minute" of `ratePerMinute`, in ms. Default 60,000; tests shorten it. */
  rateWindowMs?: number;
  /** A `fetch` implementation; default the global one (Node 18+). */
  fetch?: typeof fetch;
  /** Give up on one request after this many ms (then it is retried). Default 30,000. */
  timeoutMs?: number;
  /** Attempts per request before a destination's delivery counts as failed. Default 10 (about 6 minutes). */
  maxAttempts?: number;
  /** First backoff in ms (doubling to 60 times it). Default 1,000; tests use a few ms. */
  backoffBaseMs?: number;
  /** Called with every destination's final result, and with each failure the outbox will retry. */
  onDelivery?: (report: DeliveryReport) => void;
}

/** The relay sent it; `requests` says what went out (`order`, `merge_customer`, `orderCreated`…). */
export type RelaySent = Extract<ChangeResult, { status: 'sent' }> & {
  /** The requests that went out, in order (`order`, `merge_customer`, `orderCreated`…). */
  requests: string[];
};

/**
 * One destination's result for one call: `sent`; `rejected` (the destination refused it: sending it
 * again will not help); `failed` (not delivered: it was down, or the key is wrong); `unsupported`
 * (the destination has no API for this call: nothing was sent, `reason` says what to do instead);
 * `queued` (outbox: on disk, delivery runs in the background; `onDelivery` and `flush()` report it).
 */
export type DestinationResult =
  | RelaySent
  | Extract<ChangeResult, { status: 'rejected' | 'failed' }>
  | {
      /** The destination has no API for this call: nothing was sent. */
      status: 'unsupported';
      /** What to do instead. */
      reason: string;
      /** Always 0: nothing was sent. */
      retried: 0;
    }
  | {
      /** On disk in the outbox; delivery runs in the background (`onDelivery` and `flush()` report it). */
      status: 'queued';
    };

/** What a call resolves with: one result per configured destination. */
export interface RelayOutcome {
  /** The change's id (the outbox file holds it; `onDelivery` and `flush()` name it). */
  id: string;
  /** Which call it was. */
  kind: ChangeKind;
  /** One result per configured destination, in the order richpanel, rfmcube, esputnik. */
  results: { [D in DestinationName]?: DestinationResult };
}

/** One destination's result for one change, as `onDelivery` reports it. */
export interface DeliveryReport {
  /** The change's id, as its call resolved with it. */
  id: string;
  /** Which call it was. */
  kind: ChangeKind;
  /** Where it went. */
  destination: DestinationName;
  /** What that destination did with it. */
  result: Exclude<DestinationResult, { status: 'queued' }>;
  /** True for a failure the outbox keeps and tries again later. */
  willRetry: boolean;
}

/** A change some destination has not taken yet. */
export interface PendingChange {
  /** The change's id, as its call resolved with it. */
  id: string;
  /** Which call it was. */
  kind: ChangeKind;
  /** The destinations it still waits for, with the last failure when one was seen. */
  destinations: Array<{
    /** The destination. */
    name: DestinationName;
    /** Its last failure, when one was seen. */
    reason?: string;
  }>;
}

/** What `flush()` reports: nothing left, or what is. */
export interface FlushResult {
  /** Changes still waiting for at least one destination. */
  pending: number;
  /** Those changes, and the destinations each still waits for. */
  left: PendingChange[];
}

/** A relay: one call per change, to every configured destination. */
export interface Relay {
  /**
   * Relays an order change: Richpanel an `order` event (its eventId made from the content), Rfmcube
   * `merge_order` (after `merge_customer` when the relay has not sent that customer), eSputnik the
   * order event type that fits, carrying `externalCustomerId`, `email` and `phone` (after "Add/update a
   * contact" when the relay has not sent that contact in that form: eSputnik keeps an event only for
   * a contact it has). Resolves with each destination's result; never rejects for a
   * delivery problem.
   * @throws RelayInputError naming every field a configured destination needs and the order lacks.
   */
  order(order: object): Promise<RelayOutcome>;
  /**
   * Relays a customer change: Richpanel an `identify` event, Rfmcube `merge_customer`, eSputnik
   * "Add/update a contact" (`POST /v1/contact`: its id, e-mail and phone as channels, names).
   * @throws RelayInputError naming the fields at fault (an id or e-mail; Rfmcube: e-mail and createdAt).
   */
  customer(customer: object): Promise<RelayOutcome>;
  /**
   * Erases a customer where the destination allows it: Rfmcube `delete_customer` (the customer and
   * all their orders); eSputnik `DELETE /v1/contact?externalCustomerId=<id>&erase=true` (the contact
   * and its data), with only an e-mail after finding its contacts (`GET /v1/contacts?email=`): one
   * without an externalCustomerId is `rejected` with the reason (eSputnik erases by that id only).
   * Richpanel answers `unsupported` (no documented erasure API).
   * @throws RelayInputError without an `id` or an `email`.
   */
  deleteCustomer(who: Deletion): Promise<RelayOutcome>;
  /**
   * Delivers what is pending now (each pending change gets an attempt, waiting retries start at
   * once) and resolves with what is left, after `timeoutMs` at the latest (default: no limit).
   */
  flush(timeoutMs?: number): Promise<FlushResult>;
  /**
   * Stops: waits and requests in flight are abandoned (the outbox keeps them for the next start;
   * without an outbox, calls still waiting resolve `failed`), and the outbox is unlocked.
   */
  close(): Promise<void>;
}
