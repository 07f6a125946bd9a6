import { describe, expect, it } from 'vitest';
import { progressView } from '../../../src/cli/progress.js';
import type { SyncProgress } from '../../../src/sync/sync.js';

const base: SyncProgress = {
  sent: 500,
  duplicates: 0,
  rejected: 0,
  retried: 1,
  failed: 0,
  durationMs: 6_000,
  skipped: 0,
  lines: 1_000,
  bytes: 50,
  inFlight: 2,
};

describe('sync progress with import processes', () => {
  it('adds how far Rfmcube has imported to the plain progress line, and nothing without processes', () => {
    let text = '';
    const stream = {
      isTTY: false,
      write: (s: string) => {
        text += s;
        return true;
      },
    } as unknown as NodeJS.WriteStream;
    const view = progressView(100, stream);
    view.update({ ...base, processing: { processed: 1_200, total: 2_000 } });
    view.update({ ...base, durationMs: 12_000 });
    expect(text.split('\n')).toEqual([
      'sync: 500 sent (50%), 0 rejected, 1 retries, 83/s, importing 1,200/2,000',
      'sync: 500 sent (50%), 0 rejected, 1 retries, 42/s',
      '',
    ]);
  });
});
