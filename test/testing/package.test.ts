// `cartbeacon/testing` as a shop's test suite gets it: the built entry (ESM and CommonJS), its type
// declarations with a doc comment on every public type and member, and the calls docs/testing.md shows.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import type * as Testing from '../../src/testing.js';
import { encodeHs } from '../../src/protocol/encode.js';
import { ROOT, builtFile } from '../server/built.js';

const loadEsm = async () => (await import(/* @vite-ignore */ builtFile('testing.mjs'))) as typeof Testing;
const batch = (events: object[]) =>
  JSON.stringify({ hs: encodeHs({ event: 'send_batch', appClientId: 'SHOP_KEY', events }) });
const send = (url: string, events: object[]) =>
  fetch(`${url}/v2/bt`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: batch(events) });
let seq = 0;
const event = (name: string, properties: object = {}) => ({
  event: name,
  eventId: `e-${++seq}`,
  appClientId: 'SHOP_KEY',
  properties,
});

describe('cartbeacon/testing', () => {
  it('is a package entry with ESM, CommonJS and type declarations', () => {
    const pkg = JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8')) as { exports: Record<string, unknown> };
    expect(pkg.exports['./testing']).toEqual({
      types: './dist/testing.d.ts',
      import: './dist/testing.mjs',
      require: './dist/testing.cjs',
    });
    const cjs = createRequire(import.meta.url)(builtFile('testing.cjs')) as typeof Testing;
    expect(typeof cjs.startCollector).toBe('function');
    expect(readFileSync(builtFile('types/testing.d.ts'), 'utf8')).toContain('startCollector');
  });

  it('has a doc comment on every public type and member', () => {
    const files = [
      'types/collector/types.d.ts',
      'types/collector/emulators/types.d.ts',
      'types/collector/collector.d.ts',
    ];
    const undocumented: string[] = [];
    for (const file of files) {
      const lines = readFileSync(builtFile(file), 'utf8').split('\n');
      lines.forEach((line, i) => {
        const declares =
          /^export (interface|type|declare function)\s/.test(line) || /^ {4}(readonly )?[\w[\]: ]+\??[(:]/.test(line);
        if (declares && !lines[i - 1]?.trim().endsWith('*/')) undocumented.push(`${file}: ${line.trim()}`);
      });
    }
    expect(undocumented).toEqual([]);
  });

  it('starts a collector, waits for what arrived, injects faults, clears and closes', async () => {
    const { startCollector } = await loadEsm();
    const collector = await startCollector({ apiKey: 'SHOP_KEY' });
    try {
      await send(collector.url, [
        event('page_view'),
        event('add_to_cart', { sku: 'A' }),
        event('order', { orderId: '1' }),
      ]);
      const [order] = await collector.waitForEvents(1, { name: 'order' });
      expect(order?.event.properties).toEqual({ orderId: '1' });
      const carts = await collector.waitForEvents(1, {
        where: (e) => (e.event.properties as { sku?: string } | undefined)?.sku === 'A',
      });
      expect(carts.map((e) => e.name)).toEqual(['add_to_cart']);
      await expect(collector.waitForEvents(5, { timeoutMs: 50 })).rejects.toThrow(
        /waited 50 ms for 5 events, the collector has 3: page_view, add_to_cart, order/,
      );

      collector.setFaults((n) => (n === 1 ? { status: 503, retryAfter: '1' } : undefined));
      await collector.clear();
      const failed = await send(collector.url, [event('search')]);
      expect([failed.status, failed.headers.get('retry-after')]).toEqual([503, '1']);
      expect(collector.events).toEqual([]);
      expect((await send(collector.url, [event('search')])).status).toBe(200);
      expect(collector.requests.map((r) => [r.n, r.status])).toEqual([
        [1, 503],
        [2, 200],
      ]);
    } finally {
      await collector.close();
    }
  });
});
