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
}

/** Fault injection: one fault for every request, or one per request (1-based count of ingest POSTs). */
export type FaultSetting = Fault | ((requestNumber: number) => Fault | undefined);

export interface CollectorOptions {
  /** The shop's API key. Batches for another key are stored with a warning, not rejected. */
  apiKey?: string;
  /** The API secret: verifies signed batches (`s`) and `richpanelSettings` identity tokens. */
  secret?: string;
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

/** How an event arrived; `rfmcube` and `esputnik` are requests the emulators received. */
export type Transport = 'json' | 'text' | 'signed' | 'single' | 'rfmcube' | 'esputnik';

/** Who sent an event: `verified` when a good identity token or a batch signature vouches for it. */
export interface Identity {
  verified: boolean;
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
  appClientId: string;
  transport: Transport;
  identity: Identity;
  /** Problems worth fixing that did not reject the event (missing order fields, bad token…). */
  warnings: string[];
  /** The wire event as sent. */
  event: Record<string, unknown>;
}

/** One POST to an ingest route, faulted ones included. */
export interface IngestRecord {
  at: number;
  path: string;
  contentType: string;
  /** The status answered; 0 when a `drop` fault destroyed the socket. */
  status: number;
  /** Request body size in bytes. */
  bytes: number;
  /** Ids of the events the request carried (empty when it could not be decoded). */
  eventIds: string[];
  /** How many of them had been stored before. */
  duplicates: number;
}

export interface RunningCollector {
  /** Base URL, e.g. `http://127.0.0.1:8787`. */
  url: string;
  port: number;
  /** Accepted, deduplicated events in arrival order (live view; do not mutate). */
  events: StoredEvent[];
  /** Every POST to an ingest route, including faulted ones. */
  requests: IngestRecord[];
  /** Replaces the fault setting (`undefined` turns faults off). */
  setFaults(faults: FaultSetting | undefined): void;
  /** Resolves with the stored events once at least `n` are stored; rejects after `timeoutMs` (default 10 s). */
  waitForEvents(n: number, timeoutMs?: number): Promise<StoredEvent[]>;
  /** Forgets every event (and the data file's content) and every request record. */
  clear(): void;
  /** Stops listening and ends open connections (live streams included). */
  close(): Promise<void>;
  /** What the Rfmcube emulator received and holds (requests with times and statuses, processes, customers). */
  rfmcube: RfmcubeEmulatorState;
  /** What the eSputnik emulator received and holds (requests, accepted events, orders). */
  esputnik: EsputnikEmulatorState;
}
