import { describe, expect, it } from 'vitest';
import { progressView } from '../../src/cli/progress.js';
import type { SyncProgress } from '../../src/sync/sync.js';

const at = (durationMs: number, sent: number): SyncProgress => ({
  sent,
  duplicates: 0,
  rejected: 1,
  retried: 2,
  failed: 0,
  skipped: 0,
  durationMs,
  lines: sent,
  bytes: sent * 100,
  inFlight: 4,
});

describe('progressView without a terminal', () => {
  it('writes a plain progress line at most every 5 seconds', () => {
    const written: string[] = [];
    const stream = { isTTY: false, write: (s: string) => written.push(s) } as unknown as NodeJS.WriteStream;
    const view = progressView(1_000_000, stream);
    view.update(at(1_000, 1_000));
    view.update(at(5_000, 5_000));
    view.update(at(9_000, 9_000));
    view.update(at(10_000, 10_000));
    view.stop();
    expect(written).toEqual([
      'sync: 5,000 sent (50%), 1 rejected, 2 retries, 1,000/s\n',
      'sync: 10,000 sent (100%), 1 rejected, 2 retries, 1,000/s\n',
    ]);
  });
});
