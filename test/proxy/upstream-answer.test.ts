// What comes back from the upstream, through toNodeHandler on a real node:http server: error bodies
// that do not name the upstream, `nosniff` and a sandbox on forwarded answers, and a cap on the
// answer's size counted on the decoded bytes (a gzip bomb is neither expanded nor relayed).
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { createProxy, toNodeHandler } from '../../src/proxy.js';
import { MAX_UPSTREAM_ANSWER_BYTES } from '../../src/proxy/limits.js';
import { BATCH, closedPort, listen, startUpstream } from './helpers.js';

async function shopWith(upstream: string, options = {}) {
  return listen(createServer(toNodeHandler(createProxy({ upstream, basePath: '/cb', ...options }))));
}
const postBatch = (shop: string) => fetch(`${shop}/cb/v2/bt`, { method: 'POST', body: BATCH });

/** An upstream answering with `handler` once the request body is in. */
async function upstreamWith(handler: (res: ServerResponse) => void) {
  return listen(
    createServer((req: IncomingMessage, res: ServerResponse) => {
      req.resume();
      req.on('end', () => handler(res));
    }),
  );
}

describe('error bodies', () => {
  it('a 502 says the upstream could not be reached, not where it is', async () => {
    const upstream = await closedPort();
    const res = await postBatch(await shopWith(upstream));
    expect(res.status).toBe(502);
    const text = await res.text();
    expect(JSON.parse(text)).toEqual({ error: 'the upstream could not be reached' });
    expect(text).not.toContain('127.0.0.1');
    expect(text).not.toContain(new URL(upstream).port);
  });

  it('a 504 says the upstream was too slow, not where it is', async () => {
    const up = await startUpstream({ hang: true });
    const res = await postBatch(await shopWith(`${up.url}/private-prefix`, { timeoutMs: 200 }));
    expect(res.status).toBe(504);
    const text = await res.text();
    expect(JSON.parse(text)).toEqual({ error: 'the upstream did not answer within 200 ms' });
    expect(text).not.toContain('127.0.0.1');
    expect(text).not.toContain('private-prefix');
  });
});

describe('forwarded answers', () => {
  it('carry nosniff and a sandbox: an upstream HTML error cannot run on the shop origin', async () => {
    const up = await startUpstream({
      status: 500,
      headers: { 'content-type': 'text/html' },
      body: '<script>document.cookie</script>',
    });
    const res = await postBatch(await shopWith(up.url));
    expect(res.status).toBe(500);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'; sandbox");
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it("so do the proxy's own answers", async () => {
    const shop = await shopWith('http://127.0.0.1:9');
    for (const path of ['/cb/nothing', '/elsewhere']) {
      const res = await fetch(shop + path);
      expect(res.status).toBe(404);
      expect(res.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(res.headers.get('content-security-policy'), path).toContain('sandbox');
    }
  });

  it('pass a gzip answer on decoded, without Content-Encoding', async () => {
    const json = '{"status":"ok","accepted":25,"duplicates":0}';
    const upstream = await upstreamWith((res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' }).end(gzipSync(json));
    });
    const res = await postBatch(await shopWith(upstream));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-encoding')).toBeNull();
    expect(await res.text()).toBe(json);
  });
});

describe('the cap on the answer', () => {
  it(`passes an answer of exactly ${MAX_UPSTREAM_ANSWER_BYTES} bytes`, async () => {
    const up = await startUpstream({ body: 'x'.repeat(MAX_UPSTREAM_ANSWER_BYTES) });
    const res = await postBatch(await shopWith(up.url));
    expect(res.status).toBe(200);
    expect((await res.text()).length).toBe(MAX_UPSTREAM_ANSWER_BYTES);
  });

  it('answers 502 to a larger one, announced or chunked', async () => {
    const announced = await startUpstream({ body: 'x'.repeat(MAX_UPSTREAM_ANSWER_BYTES + 1) });
    const res = await postBatch(await shopWith(announced.url));
    expect(res.status).toBe(502);
    expect((await res.json()).error).toBe(`the upstream's answer was over ${MAX_UPSTREAM_ANSWER_BYTES} bytes`);
    const chunked = await upstreamWith((res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      for (let i = 0; i < 40; i++) res.write('x'.repeat(4096));
      res.end();
    });
    expect((await postBatch(await shopWith(chunked))).status).toBe(502);
  });

  it('answers 502 to a gzip bomb after reading a little of it, and drops the upstream connection', async () => {
    // 400 gzip members of 256 KB of zeros each (about 300 bytes compressed): 100 MB once decoded,
    // sent one member every 5 ms, so an upstream still writing after the proxy gave up shows it.
    const member = gzipSync(Buffer.alloc(256 * 1024));
    const bomb = { written: 0, closedAt: -1 };
    const upstream = await upstreamWith((res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
      res.on('close', () => {
        bomb.closedAt = bomb.written;
      });
      const send = setInterval(() => {
        if (bomb.closedAt >= 0 || bomb.written === 400) {
          clearInterval(send);
          if (bomb.closedAt < 0) res.end();
          return;
        }
        res.write(member);
        bomb.written++;
      }, 5);
    });
    const started = Date.now();
    const res = await postBatch(await shopWith(upstream));
    expect(res.status).toBe(502);
    expect((await res.text()).length).toBeLessThan(200);
    expect(Date.now() - started).toBeLessThan(1500);
    await new Promise((r) => setTimeout(r, 100));
    // The proxy stopped at the first member past 64 KB decoded: the upstream saw its connection go.
    expect(bomb.closedAt).toBeGreaterThanOrEqual(0);
    expect(bomb.closedAt).toBeLessThan(20);
  });
});
