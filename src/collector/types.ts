// Public types of the dev collector. Docs live here; the code keeps why-comments only.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type {
  EsputnikEmulatorOptions,
  EsputnikEmulatorState,
  RfmcubeEmulatorOptions,
  RfmcubeEmulatorState,
} from './emulators/types.js';

/** A failure to inject into POST ingest routes (for demos and retry tests). */
export interface Fault {
  /** Answer with this status instead of ingesting (default 503 when `failRate` triggers). */
  status?: number;
  /** `Retry-After` header sent with an injected failure, e.g. `"2"`. */
  retryAfter?: string;
  /** Wait this long before answering (applies to every ingest request while set). */
  latencyMs?: number;
  /** Fraction of ingest requests that fail, 0..1. Unset with `status` or `drop` set: every request fails. */
  failRate?: number;
  /** Destroy the socket without answering (a network error for the client). */
  drop?: boolean;
  /** The body of an injected failure. Default `{"error":"injected fault: <status>"}`. */
  body?: string;
  /** More headers on an injected failure. */
  headers?: Record<string, string>;
}

/** The request a fault function decides about. */
export interface FaultRequest {
  /** `/v2/bt`, `/v2/t` or `/v3/t`. */
  path: string;
  /** The request's `Content-Type`. */
  contentType: string;
  /** The request body as text (decode `hs` / `h` with `decodeHs` from `cartbeacon/server`). */
  body: string;
}

/**
 * Fault injection: one fault for every request, or a function of the request's number (1-based count
 * of ingest POSTs since start or the last `clear`) and the request itself.
 */
export type FaultSetting = Fault | ((requestNumber: number, request: FaultRequest) => Fault | undefined);

/** Options of {@link startCollector}: all optional; the defaults suit a test (memory only, a free port). */
export interface CollectorOptions {
  /** The shop's API key. Batches for another key are stored with a warning, not rejected. */
  apiKey?: string;
  /** The API secret: verifies signed batches (`s`) and `richpanelSettings` identity tokens. */
  secret?: string;
  /**
   * Trust unsigned (compatible) identity tokens. Default `false`: a token without `sig` can be forged
   * by anyone who holds one, so its events are stored as a visitor with a warning that says so.
   */
  allowUnsignedTokens?: boolean;
  /** Interface to listen on. Default `127.0.0.1`. */
  host?: string;
  /** Port to listen on. Default `0`: a random free port (read it from `RunningCollector.port`). */
  port?: number;
  /** Folder for `events.jsonl`. `null`/unset: memory only. Events are appended before the 200 and reloaded on start. */
  dataDir?: string | null;
  /** The core script served at `GET /v2/j/:key`. Default `dist/richpanel.min.js` of this package. */
  coreScript?: string;
  /** URL prefix -> folder served as static files, e.g. `{ '/': 'test/e2e/pages', '/dist/': 'dist' }`. */
  static?: Record<string, string>;
  /** Serve the demo storefront at `/` (with the snippet inlined) and `POST /demo/login`. Needs `secret` for logins. */
  demo?: boolean;
  /** Fault injection; applies to POST ingest routes only. */
  faults?: FaultSetting;
  /** The Rfmcube emulator at `/rfmcube/v1/...` (always on; these set its key and limits). */
  rfmcube?: RfmcubeEmulatorOptions;
  /** The eSputnik emulator at `/esputnik/api/v1/event` (always on; these set its key and limit). */
  esputnik?: EsputnikEmulatorOptions;
  /**
   * A handler tried before the collector's own routes: it answers, or calls `next()`. `cartbeacon dev`
   * mounts cartbeacon/proxy's `toNodeHandler` here (the first-party proxy at `/cb`).
   */
  mount?: (req: IncomingMessage, res: ServerResponse, next: () => void) => void;
}

/**
 * How an event arrived: a browser batch by fetch (`json`) or sendBeacon (`text`), a signed server
 * batch (`signed`), one event (`single`, `/v3/t` or unsigned `/v2/t`), one signed event
 * (`signed-single`, `/v2/t` with `s`); `rfmcube` and `esputnik` are requests the emulators received.
 */
export type Transport = 'json' | 'text' | 'signed' | 'signed-single' | 'single' | 'rfmcube' | 'esputnik';

/** How a signed batch or event was signed: `md5` (WooCommerce) or `sha256` (Magento, cartbeacon's `sendEvents`). */
export type SignatureScheme = 'md5' | 'sha256';

/** Who sent an event: `verified` when a good identity token or a batch signature vouches for it. */
export interface Identity {
  /** True for a hardened identity token whose `sig` checked out, or an event of a signed batch. */
  verified: boolean;
  /**
   * The token's claims (`id`, `email`, `iat`, `exp`…) and `by` (`token`, `signature`) and `signed`
   * when verified; nothing else otherwise.
   */
  [claim: string]: unknown;
}

/** An accepted event, as the collector stores it. */
export interface StoredEvent {
  /** The event's `eventId` (one made up by the collector, with a warning, when the event had none). */
  id: string;
  /** The event name (`page_view`, `order`…). */
  name: string;
  /** When the collector accepted it (epoch ms). */
  receivedAt: number;
  /** The API key the event was sent for (the event's own, else its batch's). */
  appClientId: string;
  /** How it arrived (fetch, beacon, signed batch, single event, emulator). */
  transport: Transport;
  /** The signature scheme of a signed batch or event (`transport` `signed` or `signed-single`). */
  signature?: SignatureScheme;
  /** Who sent it: a verified customer (token or signature) or a visitor. */
  identity: Identity;
  /** Problems worth fixing that did not reject the event (missing order fields, bad token…). */
  warnings: string[];
  /** The wire event as sent. */
  event: Record<string, unknown>;
}

/** One POST to an ingest route, faulted ones included. */
export interface IngestRecord {
  /** The request's number, as a fault function gets it (1-based, since start or the last `clear`). */
  n: number;
  /** When the request arrived (epoch ms). */
  at: number;
  /** `/v2/bt`, `/v2/t` or `/v3/t`. */
  path: string;
  /** The request's `Content-Type` (`application/json` from fetch, `text/plain…` from sendBeacon). */
  contentType: string;
  /** The status answered; 0 when a `drop` fault destroyed the socket. */
  status: number;
  /** Request body size in bytes. */
  bytes: number;
  /** Ids of the events the request carried, faulted requests included (empty when it could not be decoded). */
  eventIds: string[];
  /** How many of them had been stored before. */
  duplicates: number;
}

/** What `waitForEvents` waits for, besides a number of events. */
export interface WaitOptions {
  /** Only events of this name count, and only they are returned. */
  name?: string;
  /** Only events for which this returns true count, and only they are returned. */
  where?: (event: StoredEvent) => boolean;
  /** Reject after this long. Default 10,000 ms. */
  timeoutMs?: number;
}

/** A started collector: its address, what it received, and its controls. */
export interface RunningCollector {
  /** Base URL, e.g. `http://127.0.0.1:8787`. */
  url: string;
  /** The port it listens on (the free one picked for `port: 0`). */
  port: number;
  /**
   * Accepted, deduplicated events in arrival order (a live view: do not mutate). In memory (no
   * `dataDir`) every event; with a `dataDir`, the newest 1,000 (older ones: `GET /api/events`).
   */
  events: StoredEvent[];
  /** How many events are stored (with a large data file, counted in the background after start). */
  readonly count: number;
  /** True while the events of a large data file are still being counted (`count` is then partial). */
  readonly counting: boolean;
  /** Every POST to an ingest route, including faulted ones. */
  requests: IngestRecord[];
  /** Replaces the fault setting (`undefined` turns faults off). */
  setFaults(faults: FaultSetting | undefined): void;
  /**
   * Resolves with the stored events (those matching `options`) once at least `n` are stored; rejects
   * after the timeout (default 10 s) with an error listing what did arrive. A number is the timeout.
   */
  waitForEvents(n: number, options?: number | WaitOptions): Promise<StoredEvent[]>;
  /** Forgets every event (and the data file's content) and every request record; request numbers start again at 1. */
  clear(): Promise<void>;
  /** Stops listening and ends open connections (live streams included). */
  close(): Promise<void>;
  /** What the Rfmcube emulator received and holds (requests with times and statuses, processes, customers). */
  rfmcube: RfmcubeEmulatorState;
  /** What the eSputnik emulator received and holds (requests, accepted events, orders). */
  esputnik: EsputnikEmulatorState;
}
