// Slow clients: a body that trickles in is cut at `bodyTimeoutMs` with 408 (the fetch handler, and
// toNodeHandler, which also closes the connection), and headers that trickle in are cut by the
// node:http options `nodeServerOptions()` gives. Deadlines are shortened here so the tests are quick.
import { createServer, type Server } from 'node:http';
import { connect, type Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { createProxy, nodeServerOptions, ProxyError, toNodeHandler } from '../../src/proxy.js';
import { listen, startUpstream } from './helpers.js';

const SHOP = 'https://shop.example';

/** A body stream that sends one byte per `everyMs` and never ends; counts what was pulled. */
function trickle(everyMs: number) {
  const state = { pulled: 0, cancelled: false };
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      await new Promise((r) => setTimeout(r, everyMs));
      state.pulled++;
      controller.enqueue(new Uint8Array([120]));
    },
    cancel() {
      state.cancelled = true;
    },
  });
  return { stream, state };
}

interface Slow {
  /** What the server sent back. */
  answer: string;
  /** Milliseconds from connecting until the server closed the connection (undefined: still open). */
  closedAfterMs: number | undefined;
}

/**
 * A client on a raw socket that sends `head` and then one byte of `drip` every `everyMs`, never
 * finishing; resolves when the server closes the connection, or after `giveUpMs` (then destroyed).
 */
function slowClient(url: string, head: string, drip: string, everyMs: number, giveUpMs: number): Promise<Slow> {
  const { port } = new URL(url);
  return new Promise((resolve) => {
    const started = Date.now();
    const socket: Socket = connect(Number(port), '127.0.0.1');
    let answer = '';
    let closedAfterMs: number | undefined;
    socket.setEncoding('utf8');
    socket.on('data', (c: string) => {
      answer += c;
    });
    socket.on('error', () => {});
    socket.write(head);
    const dripping = setInterval(() => {
      if (!socket.destroyed && socket.writable) socket.write(drip);
    }, everyMs);
    const done = () => {
      clearInterval(dripping);
      clearTimeout(giveUp);
      resolve({ answer, closedAfterMs });
    };
    const giveUp = setTimeout(() => {
      socket.destroy();
      done();
    }, giveUpMs);
    socket.on('close', () => {
      closedAfterMs ??= Date.now() - started;
      done();
    });
  });
}

const connections = (server: Server) =>
  new Promise<number>((resolve, reject) => server.getConnections((e, n) => (e ? reject(e) : resolve(n))));

const POST_HEAD =
  'POST /cb/v2/bt HTTP/1.1\r\nHost: shop.example\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n';

describe('the body deadline (fetch handler)', () => {
  it('answers 408 to a body still arriving after bodyTimeoutMs and stops reading it', async () => {
    const up = await startUpstream();
    const proxy = createProxy({ upstream: up.url, bodyTimeoutMs: 300 });
    const { stream, state } = trickle(50);
    const started = Date.now();
    const res = await proxy(
      new Request(`${SHOP}/cb/v2/bt`, { method: 'POST', body: stream, duplex: 'half' } as RequestInit),
    );
    expect(res.status).toBe(408);
    expect((await res.json()).error).toBe('the request body did not arrive within 300 ms');
    expect(Date.now() - started).toBeLessThan(2000);
    expect(state.cancelled).toBe(true);
    expect(up.received).toHaveLength(0);
  });

  it('forwards a body that arrives in time, however it is chunked', async () => {
    const up = await startUpstream();
    const proxy = createProxy({ upstream: up.url, bodyTimeoutMs: 2000 });
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      async pull(controller) {
        if (sent === 5) return controller.close();
        await new Promise((r) => setTimeout(r, 20));
        sent++;
        controller.enqueue(new TextEncoder().encode('x'));
      },
    });
    const res = await proxy(
      new Request(`${SHOP}/cb/v2/bt`, { method: 'POST', body: stream, duplex: 'half' } as RequestInit),
    );
    expect(res.status).toBe(200);
    expect(up.received[0]!.body.toString()).toBe('xxxxx');
  });
});

describe('slow clients through toNodeHandler', () => {
  it('cuts 100 clients that trickle their bodies at the deadline: 408, connection closed, nothing held', async () => {
    const up = await startUpstream();
    const server = createServer(toNodeHandler(createProxy({ upstream: up.url, bodyTimeoutMs: 300 })));
    const shop = await listen(server);
    const clients = await Promise.all(Array.from({ length: 100 }, () => slowClient(shop, POST_HEAD, 'x', 100, 4000)));
    for (const c of clients) {
      expect(c.answer).toMatch(/^HTTP\/1\.1 408 /);
      expect(c.answer.toLowerCase()).toContain('connection: close');
      expect(c.closedAfterMs).toBeDefined();
      expect(c.closedAfterMs!).toBeLessThan(2500);
    }
    expect(await connections(server)).toBe(0);
    expect(up.received).toHaveLength(0);
  });

  it('keeps the connection of a body that arrived in time (keep-alive)', async () => {
    const up = await startUpstream();
    const shop = await listen(createServer(toNodeHandler(createProxy({ upstream: up.url, bodyTimeoutMs: 300 }))));
    const res = await fetch(`${shop}/cb/v2/bt`, { method: 'POST', body: '{}' });
    expect(res.status).toBe(200);
    expect(res.headers.get('connection')).toBe('keep-alive');
  });
});

describe('the header deadline: nodeServerOptions', () => {
  const HEAD_START = 'POST /cb/v2/bt HTTP/1.1\r\nHost: shop.example\r\nX-Slow: ';

  it("cuts a client that trickles its headers with Node's 408 at headersTimeoutMs", async () => {
    const up = await startUpstream();
    const options = nodeServerOptions({ headersTimeoutMs: 300, requestTimeoutMs: 600 });
    const server = createServer(options, toNodeHandler(createProxy({ upstream: up.url })));
    const shop = await listen(server);
    const slow = await slowClient(shop, HEAD_START, 'a', 50, 4000);
    expect(slow.answer).toMatch(/^HTTP\/1\.1 408 /);
    expect(slow.closedAfterMs!).toBeLessThan(2000);
    expect(await connections(server)).toBe(0);
  });

  it('without them, Node keeps that client for its own 60 s', async () => {
    const server = createServer(toNodeHandler(createProxy({ upstream: 'http://127.0.0.1:9' })));
    const shop = await listen(server);
    const slow = await slowClient(shop, HEAD_START, 'a', 50, 1000);
    expect(slow.closedAfterMs).toBeUndefined();
    expect(slow.answer).toBe('');
  });

  it('defaults to 10 s for headers and 30 s for a request, checked every second', () => {
    expect(nodeServerOptions()).toEqual({
      headersTimeout: 10_000,
      requestTimeout: 30_000,
      connectionsCheckingInterval: 1_000,
    });
    expect(nodeServerOptions({ headersTimeoutMs: 45_000 })).toMatchObject({
      headersTimeout: 45_000,
      requestTimeout: 45_000,
    });
    // node:http takes them as they are.
    const server = createServer(nodeServerOptions(), () => {});
    expect(server.headersTimeout).toBe(10_000);
    expect(server.requestTimeout).toBe(30_000);
  });

  it('refuses values node:http would refuse, naming them', () => {
    for (const limits of [{ headersTimeoutMs: 0 }, { headersTimeoutMs: 1.5 }, { requestTimeoutMs: -1 }])
      expect(() => nodeServerOptions(limits as never)).toThrow(ProxyError);
    expect(() => nodeServerOptions({ headersTimeoutMs: 2000, requestTimeoutMs: 1000 })).toThrow(
      'headersTimeoutMs (2000) must not be longer than requestTimeoutMs (1000)',
    );
  });
});
