// Which input lines are finished (sent or rejected), as a watermark plus a few ranges above it (pure).
// Batches finish out of order under concurrency; only the ranges above the watermark need remembering,
// and there are at most `concurrency` of them.

export type LineRange = [from: number, to: number];

export class LineRanges {
  /** Every line ≤ through is finished. */
  through: number;
  /** Finished ranges above `through + 1`, sorted and disjoint. */
  done: LineRange[];

  constructor(through = 0, done: LineRange[] = []) {
    this.through = through;
    this.done = [];
    for (const [from, to] of done) this.add(from, to);
  }

  has(line: number): boolean {
    return line <= this.through || this.done.some(([from, to]) => line >= from && line <= to);
  }

  /** Marks lines from..to finished (overlaps and repeats are fine) and advances the watermark. */
  add(from: number, to: number): void {
    if (to < from) return;
    const all = [...this.done, [from, to] as LineRange].sort((a, b) => a[0] - b[0]);
    const merged: LineRange[] = [];
    for (const range of all) {
      const last = merged[merged.length - 1];
      if (last && range[0] <= last[1] + 1) last[1] = Math.max(last[1], range[1]);
      else merged.push([range[0], range[1]]);
    }
    while (merged.length > 0 && merged[0]![0] <= this.through + 1) {
      this.through = Math.max(this.through, merged.shift()![1]);
    }
    this.done = merged;
  }
}

/** The ranges of `ranges` above line `through` (those at or below it are finished anyway), as the checkpoint keeps them. */
export function preparedAbove(ranges: LineRanges, through: number): LineRange[] {
  const out: LineRange[] = [];
  if (ranges.through > through) out.push([through + 1, ranges.through]);
  for (const [from, to] of ranges.done) if (to > through) out.push([Math.max(from, through + 1), to]);
  return out;
}
