// Shared helpers for the proxy tests: a recording stand-in for Richpanel on 127.0.0.1, and servers
// that are closed after each test.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach } from 'vitest';

export interface Received {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: Buffer;
}

export interface Answer {
  status?: number;
  headers?: Record<string, string>;
  body?: string;
  /** Never answer (the proxy's timeout must end it). */
  hang?: boolean;
}

const servers: Server[] = [];

afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => close(s)));
});

function close(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

/** Listens on 127.0.0.1:0 and is closed after the test. Resolves with its base URL. */
export async function listen(server: Server): Promise<string> {
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** A stand-in for Richpanel that records every request and answers `answer` (default 200 ok). */
export async function startUpstream(answer: Answer | ((r: Received) => Answer) = {}) {
  const received: Received[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const r: Received = {
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks),
      };
      received.push(r);
      const a = typeof answer === 'function' ? answer(r) : answer;
      if (a.hang) return;
      res.writeHead(a.status ?? 200, { 'content-type': 'application/json', ...a.headers });
      res.end(a.body ?? '{"status":"ok","accepted":1,"duplicates":0}');
    });
  });
  const url = await listen(server);
  return { url, received };
}

/** A base URL where nothing listens (a port that was open a moment ago). */
export async function closedPort(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  await close(server);
  return url;
}

/** A POST under the proxy, as a browser on the shop's domain would send it. */
export function post(url: string, body: BodyInit, headers: Record<string, string> = {}): Request {
  return new Request(url, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } });
}

/** A `{"hs"}` body of one event. */
export const BATCH = JSON.stringify({
  hs: Buffer.from(
    JSON.stringify({ event: 'send_batch', appClientId: 'KEY', events: [{ event: 'page_view' }] }),
  ).toString('base64'),
});
