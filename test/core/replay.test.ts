import { describe, expect, it } from 'vitest';
import { replay } from '../../src/core/replay.js';
import type { LiveTracker } from '../../src/core/tracker.js';

function recorder() {
  const calls: [unknown, unknown[], unknown][] = [];
  const tracker = {
    _call: (name: unknown, args: unknown[], at?: unknown) => void calls.push([name, args, at]),
  } as unknown as LiveTracker;
  return { calls, tracker };
}

/** A queued call as the loader makes it: `[method, ...args]` with `.t`. */
const call = (t: number, ...a: unknown[]) => Object.assign(a, { t });

describe('replay', () => {
  it('replays calls made before load, in order, with the method name and arguments', () => {
    const { calls, tracker } = recorder();
    const q = [
      call(1, 'track', 'page_view'),
      call(2, 'identify', 42, { email: 'a@b.c' }),
      call(3, 'track', 'add_to_cart', { id: 1 }, null, 5),
    ];
    replay([q], tracker);
    expect(calls).toEqual([
      ['track', ['page_view'], 1],
      ['identify', [42, { email: 'a@b.c' }], 2],
      ['track', ['add_to_cart', { id: 1 }, null, 5], 3],
    ]);
  });

  it('passes each call its .t (undefined when the queue has none)', () => {
    const { calls, tracker } = recorder();
    replay([[call(1764000000123, 'track', 'a'), ['track', 'b']]], tracker);
    expect(calls.map((c) => c[2])).toEqual([1764000000123, undefined]);
  });

  it('replays richpanel.q and then richpanel.queue (Magento)', () => {
    const { calls, tracker } = recorder();
    replay([[['track', 'from_q']], [['track', 'from_queue']]], tracker);
    expect(calls.map((c) => c[1][0])).toEqual(['from_q', 'from_queue']);
  });

  it('replays exactly once: the queues are emptied', () => {
    const { calls, tracker } = recorder();
    const q = [
      ['track', 'a'],
      ['track', 'b'],
    ];
    const queue = [['track', 'c']];
    replay([q, queue], tracker);
    replay([q, queue], tracker);
    expect(calls).toHaveLength(3);
    expect(q).toEqual([]);
    expect(queue).toEqual([]);
  });

  it('skips garbage entries and queues that are not arrays', () => {
    const { calls, tracker } = recorder();
    const q = [null, 'track', 42, { 0: 'track' }, ['track', 'good'], undefined];
    expect(() => replay([q, undefined, null, 'q', { length: 2 }], tracker)).not.toThrow();
    expect(calls).toEqual([['track', ['good'], undefined]]);
  });

  it("settles a queued flush() with what the tracker's flush resolved to", async () => {
    const tracker = {
      _call: (name: unknown) => (name === 'flush' ? Promise.resolve(true) : undefined),
    } as unknown as LiveTracker;
    let settled: unknown = 'pending';
    const flush = Object.assign(['flush'], { r: (v: unknown) => (settled = v) });
    replay([[['track', 'a'], flush]], tracker);
    await new Promise((r) => setTimeout(r, 0));
    expect(settled).toBe(true);
  });

  it('replays a call whose .r is not a function without settling anything', async () => {
    const { calls, tracker } = recorder();
    const odd = Object.assign(['track', 'a'], { r: 'not a function' });
    expect(() => replay([[odd]], tracker)).not.toThrow();
    await new Promise((r) => setTimeout(r, 0));
    expect(calls).toEqual([['track', ['a'], undefined]]);
  });
});
