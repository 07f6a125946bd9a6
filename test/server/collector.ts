// A real local collector for the server tests: decodes `hs` with decodeHs, verifies `s`, records
// events by eventId, and can be told to fail, throttle or stall particular requests.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { decodeHs, verifyHsSignature } from '../../src/server/wire.js';

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
  payloads: Payload[];
  /** Accepted events by eventId (first copy). */
  events: Map<string, WireEvent>;
  duplicates: number;
  requests: number;
  /** Decides a fault for request number n (1-based) with its payload; undefined = accept. */
  fault: (n: number, payload: Payload) => Fault | undefined;
  close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export async function startCollector(secret: string): Promise<TestCollector> {
  const state: TestCollector = {
    host: '',
    payloads: [],
    events: new Map(),
    duplicates: 0,
    requests: 0,
    fault: () => undefined,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  const answer = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(typeof body === 'string' ? body : JSON.stringify(body));
  };
  const server = createServer(async (req, res) => {
    if (req.method !== 'POST' || req.url !== '/v2/bt') return answer(res, 404, { error: 'not found' });
    const n = ++state.requests;
    const body = JSON.parse(await readBody(req)) as { hs: string; s: string; event_type: string };
    if (body.event_type !== 'send_batch' || !verifyHsSignature(body.hs, body.s, secret)) {
      return answer(res, 401, { error: 'bad signature' });
    }
    const payload = decodeHs(body.hs) as Payload;
    const fault = state.fault(n, payload);
    if (fault?.delayMs) await new Promise((r) => setTimeout(r, fault.delayMs));
    if (fault?.status)
      return answer(res, fault.status, fault.body ?? { error: `injected ${fault.status}` }, fault.headers);
    let duplicates = 0;
    for (const e of payload.events) {
      if (state.events.has(e.eventId)) duplicates++;
      else state.events.set(e.eventId, e);
    }
    state.duplicates += duplicates;
    state.payloads.push(payload);
    answer(res, 200, { status: 'ok', accepted: payload.events.length - duplicates, duplicates });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.host = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return state;
}
