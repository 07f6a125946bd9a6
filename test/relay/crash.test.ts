// The outbox across a crash: a child process relays orders with an outbox and is killed (SIGKILL)
// after its calls resolved — before any delivery, or after some destinations finished — then a new
// child with the same outbox delivers what was pending, each request once. Runs the built package.
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { FlushResult } from '../../src/relay/types.js';
import { builtFile } from '../server/built.js';
import { historyOrder } from '../sync/destinations/fixture.js';
import { WINDOW_MS, destinationsAt, devServer } from './helpers.js';

const CHILD = fileURLToPath(new URL('./crash-child.mjs', import.meta.url));

interface Message {
  accepted?: string;
  delivery?: { id: string; destination: string; result: { status: string } };
  flushed?: FlushResult;
}

/** Starts the child; `until` sees each message and says when to SIGKILL it. Resolves with every message. */
function runChild(config: Record<string, unknown>, until?: (seen: Message[]) => boolean): Promise<Message[]> {
  const child: ChildProcess = fork(CHILD, [JSON.stringify({ server: builtFile('server.mjs'), ...config })], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const seen: Message[] = [];
  return new Promise((resolve, reject) => {
    child.on('message', (message: Message) => {
      seen.push(message);
      if (until?.(seen)) child.kill('SIGKILL');
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (until ? signal === 'SIGKILL' : code === 0) resolve(seen);
      else reject(new Error(`the child ended with ${signal ?? `code ${code}`}`));
    });
  });
}

describe('a relay killed with SIGKILL', () => {
  const orders = [historyOrder(1), historyOrder(2)];

  it('delivers every change it had accepted, once, when it starts again after a kill before any delivery', async () => {
    const dev = await devServer();
    const outbox = join(mkdtempSync(join(tmpdir(), 'cartbeacon-crash-')), 'outbox');
    const relay = { ...destinationsAt(dev.url), outbox, backoffBaseMs: 5, rateWindowMs: WINDOW_MS };
    const first = await runChild({ relay, orders, hold: '.' }, (seen) => seen.filter((m) => m.accepted).length === 2);
    expect(first.filter((m) => m.delivery)).toEqual([]);
    expect(readdirSync(join(outbox, 'changes'))).toHaveLength(2);
    expect(dev.events).toEqual([]);

    const second = await runChild({ relay, orders: [], flushMs: 20_000 });
    expect(second.at(-1)?.flushed).toEqual({ pending: 0, left: [] });
    expect(dev.requests.map((r) => r.status)).toEqual([200, 200]);
    expect(dev.events.filter((e) => e.name === 'order').map((e) => e.event.properties)).toEqual(orders);
    expect(dev.rfmcube.requests.map((r) => r.path).sort()).toEqual([
      '/merge_customer',
      '/merge_customer',
      '/merge_order',
      '/merge_order',
    ]);
    expect(dev.esputnik.events.map((e) => [e.eventTypeKey, e.params.externalOrderId]).sort()).toEqual([
      ['orderCreated', 'order-1'],
      ['orderCreated', 'order-2'],
    ]);
    expect(readdirSync(join(outbox, 'changes'))).toEqual([]);
  });

  it('sends only what was left when it is killed after some destinations finished, and remembers what they took', async () => {
    const dev = await devServer();
    const outbox = join(mkdtempSync(join(tmpdir(), 'cartbeacon-crash-')), 'outbox');
    const relay = { ...destinationsAt(dev.url), outbox, backoffBaseMs: 5, rateWindowMs: WINDOW_MS };
    const first = await runChild(
      { relay, orders, hold: '/esputnik/' },
      (seen) => seen.filter((m) => m.delivery?.result.status === 'sent').length === 4,
    );
    expect(
      first
        .filter((m) => m.delivery)
        .map((m) => m.delivery!.destination)
        .sort(),
    ).toEqual(['rfmcube', 'rfmcube', 'richpanel', 'richpanel']);
    expect(dev.esputnik.requests).toEqual([]);

    const update = { ...historyOrder(1), status: 'shipped' };
    const second = await runChild({ relay, orders: [update], flushMs: 20_000 });
    expect(second.at(-1)?.flushed).toEqual({ pending: 0, left: [] });
    // Richpanel: the two orders once each, then the update; Rfmcube: no customer merged twice.
    expect(dev.requests).toHaveLength(3);
    expect(dev.rfmcube.requests.map((r) => r.path).sort()).toEqual([
      '/merge_customer',
      '/merge_customer',
      '/merge_order',
      '/merge_order',
      '/merge_order',
    ]);
    // The two orders of two customers went side by side (each after its contact); the update last.
    const kept = dev.esputnik.events.map((e) => [e.eventTypeKey, e.params.externalOrderId]);
    expect([...kept.slice(0, 2)].sort()).toEqual([
      ['orderCreated', 'order-1'],
      ['orderCreated', 'order-2'],
    ]);
    expect(kept.slice(2)).toEqual([['orderUpdated', 'order-1']]);
    // The contacts were created once each: the restarted relay remembered them.
    expect(dev.esputnik.requests.filter((r) => r.path === '/api/v1/contact')).toHaveLength(2);
  });
});
