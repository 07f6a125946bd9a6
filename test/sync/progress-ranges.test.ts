import { describe, expect, it } from 'vitest';
import { LineRanges } from '../../src/sync/progress-ranges.js';

describe('LineRanges', () => {
  it('advances the watermark only over contiguous finished lines', () => {
    const r = new LineRanges();
    r.add(26, 50);
    r.add(76, 100);
    expect([r.through, r.done]).toEqual([
      0,
      [
        [26, 50],
        [76, 100],
      ],
    ]);
    r.add(1, 25);
    expect([r.through, r.done]).toEqual([50, [[76, 100]]]);
    expect(r.has(60)).toBe(false);
    expect(r.has(80)).toBe(true);
    r.add(51, 75);
    expect([r.through, r.done]).toEqual([100, []]);
  });
});
