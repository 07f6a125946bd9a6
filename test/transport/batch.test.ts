import { describe, expect, it, vi } from 'vitest';
import { fitting } from '../../src/transport/batch.js';
import { bodyLength } from '../../src/protocol/encode.js';
import { MAX_BATCH_EVENTS, MAX_BODY_BYTES } from '../../src/protocol/limits.js';

const OVERHEAD = 60;

/** Body length of a batch whose events have these UTF-8 sizes (commas between them). */
const body = (sizes: number[]) =>
  bodyLength(OVERHEAD + sizes.reduce((a, b) => a + b, 0) + Math.max(0, sizes.length - 1));

/**
 * Cuts a whole queue the way the dispatcher does, one `fitting` call per request: the count of each
 * batch in order, -1 for an event too large for any body (the dispatcher drops it alone).
 */
function cutBatches(sizes: number[], overhead: number, maxEvents = MAX_BATCH_EVENTS, maxBody = MAX_BODY_BYTES) {
  const out: number[] = [];
  for (let i = 0; i < sizes.length; ) {
    const n = fitting(sizes.slice(i), (s) => s, overhead, maxEvents, maxBody);
    out.push(n || -1);
    i += n || 1;
  }
  return out;
}

/** A seeded PRNG so a failing case can be replayed. */
function prng(seed: number) {
  return () => {
    seed = (seed * 1_103_515_245 + 12_345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
}

describe('fitting', () => {
  it('names the wire limits: 25 events and 64,000 bytes of body', () => {
    expect(MAX_BATCH_EVENTS).toBe(25);
    expect(MAX_BODY_BYTES).toBe(64_000);
  });

  it('sizes only the events it looks at', () => {
    const sizeOf = vi.fn((s: number) => s);
    expect(fitting(Array(60).fill(100), sizeOf, OVERHEAD, 25, MAX_BODY_BYTES)).toBe(25);
    expect(sizeOf).toHaveBeenCalledTimes(25);
    sizeOf.mockClear();
    expect(fitting([100, 50_000, 100], sizeOf, OVERHEAD, 25, MAX_BODY_BYTES)).toBe(1);
    expect(sizeOf).toHaveBeenCalledTimes(2);
    expect(fitting([70_000, 100], sizeOf, OVERHEAD, 25, MAX_BODY_BYTES)).toBe(0);
  });

  it('cuts small events into batches of 25', () => {
    expect(cutBatches(Array(60).fill(100), OVERHEAD)).toEqual([25, 25, 10]);
    expect(cutBatches(Array(25).fill(100), OVERHEAD)).toEqual([25]);
    expect(cutBatches([], OVERHEAD)).toEqual([]);
  });

  it('cuts by body bytes when events are large', () => {
    // 10,000-byte events: 4 fit in 64,000 bytes of base64 body (4 * 10,001 * 4/3 ≈ 53 KB), 5 do not
    const sizes = Array(10).fill(10_000);
    const out = cutBatches(sizes, OVERHEAD);
    expect(out).toEqual([4, 4, 2]);
    expect(body(Array(4).fill(10_000))).toBeLessThanOrEqual(MAX_BODY_BYTES);
    expect(body(Array(5).fill(10_000))).toBeGreaterThan(MAX_BODY_BYTES);
  });

  it('fills a batch up to exactly the byte limit', () => {
    // the largest payload whose body fits: ceil(n / 3) * 4 + 9 <= 64,000 → n <= 47,991
    const exact = 47_991 - OVERHEAD;
    expect(bodyLength(OVERHEAD + exact)).toBeLessThanOrEqual(MAX_BODY_BYTES);
    expect(cutBatches([exact], OVERHEAD)).toEqual([1]);
    expect(cutBatches([exact + 1], OVERHEAD)).toEqual([-1]);
  });

  it('gives an oversize event a batch of its own marked -1 and keeps going', () => {
    expect(cutBatches([100, 100, 70_000, 100, 100], OVERHEAD)).toEqual([2, -1, 2]);
    expect(cutBatches([70_000, 100], OVERHEAD)).toEqual([-1, 1]);
    expect(cutBatches([100, 70_000], OVERHEAD)).toEqual([1, -1]);
    expect(cutBatches([70_000, 70_000], OVERHEAD)).toEqual([-1, -1]);
  });

  it('honours smaller limits given by the caller', () => {
    expect(cutBatches(Array(7).fill(10), OVERHEAD, 3)).toEqual([3, 3, 1]);
    expect(cutBatches(Array(4).fill(3_000), OVERHEAD, 25, 16_000)).toEqual([3, 1]);
  });

  it('keeps every batch within both limits and covers all events in order (random sizes)', () => {
    const rnd = prng(42);
    for (let run = 0; run < 300; run++) {
      const n = Math.floor(rnd() * 120);
      const sizes = Array.from({ length: n }, () => {
        const r = rnd();
        return r < 0.05
          ? 48_000 + Math.floor(rnd() * 10_000)
          : r < 0.3
            ? Math.floor(rnd() * 20_000) + 1
            : Math.floor(rnd() * 500) + 1;
      });
      const out = cutBatches(sizes, OVERHEAD);
      let i = 0;
      for (const count of out) {
        expect(count === -1 || count > 0, `run ${run}: count ${count}`).toBe(true);
        if (count === -1) {
          expect(bodyLength(OVERHEAD + sizes[i]!), `run ${run}: -1 must really be oversize`).toBeGreaterThan(
            MAX_BODY_BYTES,
          );
          i += 1;
          continue;
        }
        const part = sizes.slice(i, i + count);
        expect(part.length).toBeLessThanOrEqual(MAX_BATCH_EVENTS);
        expect(body(part), `run ${run}: batch at ${i}`).toBeLessThanOrEqual(MAX_BODY_BYTES);
        i += count;
      }
      expect(i, `run ${run}: every event covered once`).toBe(n);
    }
  });

  it('never closes a batch early when the next event would still fit', () => {
    const rnd = prng(7);
    for (let run = 0; run < 200; run++) {
      const sizes = Array.from({ length: 60 }, () => Math.floor(rnd() * 6_000) + 1);
      const out = cutBatches(sizes, OVERHEAD);
      let i = 0;
      for (const count of out.slice(0, -1)) {
        const next = sizes.slice(i, i + count + 1);
        // the batch was closed because of the count or because one more event overflows the body
        expect(count === MAX_BATCH_EVENTS || body(next) > MAX_BODY_BYTES, `run ${run} at ${i}`).toBe(true);
        i += count;
      }
    }
  });
});
