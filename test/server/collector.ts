// The server tests' collector: the real one (`startCollector`, what `cartbeacon/testing` exports)
// with its secret, seen as the payloads and events the server helper sent, and a fault function
// that gets each request's decoded payload.
import { decodeHs } from '../../src/protocol/encode.js';
import { startCollector as startReal } from '../../src/collector/index.js';
import type { Fault as CollectorFault } from '../../src/collector/index.js';

export interface WireEvent {
  event: string;
  eventId: string;
  properties?: Record<string, unknown>;
  userProperties?: Record<string, unknown>;
  time: { sentAt: number };
  [key: string]: unknown;
}

export interface Payload {
  event: string;
  appClientId: string;
  platform: string;
  version: string;
  events: WireEvent[];
}

export interface Fault {
  status?: number;
  headers?: Record<string, string>;
  delayMs?: number;
  body?: string;
}

export interface TestCollector {
  host: string;
  /** Every accepted payload, in arrival order. */
  readonly payloads: Payload[];
  /** Accepted events by eventId (first copy). */
  readonly events: Map<string, WireEvent>;
  /** Copies of already stored events in accepted requests. */
  readonly duplicates: number;
  /** Ingest requests so far, faulted ones included. */
  readonly requests: number;
  /** Decides a fault for request number n (1-based) with its payload; undefined = accept. */
  fault: (n: number, payload: Payload) => Fault | undefined;
  close(): Promise<void>;
}

const payloadOf = (body: string): Payload | undefined => {
  try {
    return decodeHs((JSON.parse(body) as { hs: string }).hs) as Payload;
  } catch {
    return undefined;
  }
};

export async function startCollector(secret: string): Promise<TestCollector> {
  /** Request bodies by request number, to tell which payloads were accepted. */
  const bodies = new Map<number, string>();
  const collector = await startReal({
    secret,
    faults: (n, request): CollectorFault | undefined => {
      bodies.set(n, request.body);
      const payload = payloadOf(request.body);
      const fault = payload ? state.fault(n, payload) : undefined;
      if (!fault) return undefined;
      return {
        ...(fault.status !== undefined ? { status: fault.status } : {}),
        ...(fault.delayMs !== undefined ? { latencyMs: fault.delayMs } : {}),
        ...(fault.body !== undefined ? { body: fault.body } : {}),
        ...(fault.headers !== undefined ? { headers: fault.headers } : {}),
      };
    },
  });
  const accepted = () => collector.requests.filter((r) => r.status === 200);
  const state: TestCollector = {
    host: collector.url,
    get payloads() {
      return accepted()
        .map((r) => payloadOf(bodies.get(r.n) ?? ''))
        .filter((p): p is Payload => p !== undefined);
    },
    get events() {
      return new Map(collector.events.map((e) => [e.id, e.event as unknown as WireEvent]));
    },
    get duplicates() {
      return accepted().reduce((n, r) => n + r.duplicates, 0);
    },
    get requests() {
      return collector.requests.length;
    },
    fault: () => undefined,
    close: () => collector.close(),
  };
  return state;
}
