import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  CheckpointWriter,
  checkBelongs,
  checkpointProblems,
  readCheckpoint,
  type Checkpoint,
} from '../../src/sync/checkpoint.js';
import { fingerprintFile } from '../../src/sync/fingerprint.js';

const state = (done: Checkpoint['done']): Checkpoint => ({
  version: 1,
  source: '/orders.jsonl',
  account: 'abc',
  through: 25,
  done,
  sent: 25,
  rejected: 0,
  updatedAt: '2026-01-01T00:00:00.000Z',
});

describe('CheckpointWriter', () => {
  it('overwrites in place and always leaves one readable checkpoint, even when the text shrinks', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'cartbeacon-cp-')), 'cp.json');
    const writer = new CheckpointWriter(path);
    writer.write(
      state([
        [51, 75],
        [101, 125],
        [151, 175],
      ]),
    );
    writer.write(state([[151, 175]]));
    writer.close();
    expect(readCheckpoint(path)).toEqual(state([[151, 175]]));
    expect(readFileSync(path, 'utf8')).toMatch(/\} +$/);
  });

  it('does not truncate an existing checkpoint before its first write', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'cartbeacon-cp-')), 'cp.json');
    writeFileSync(path, JSON.stringify(state([])));
    new CheckpointWriter(path).close();
    expect(readCheckpoint(path)).toEqual(state([]));
  });

  it('explains a checkpoint that is not one', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'cartbeacon-cp-')), 'cp.json');
    writeFileSync(path, '{"hello":1}');
    expect(() => readCheckpoint(path)).toThrow(/not a cartbeacon sync checkpoint/);
    writeFileSync(path, '{');
    expect(() => readCheckpoint(path)).toThrow(/not readable JSON: delete it/);
  });
});

describe('checkpoint checks', () => {
  const dir = () => mkdtempSync(join(tmpdir(), 'cartbeacon-cp-'));

  it('names every field that is not what a checkpoint holds', () => {
    expect(checkpointProblems({ ...state([]) })).toEqual([]);
    expect(
      checkpointProblems({
        source: 3,
        account: '',
        through: -1,
        done: [5, [3, 2], [1, 2.5]],
        sent: '1',
        rejected: null,
        updatedAt: 0,
        fingerprint: { bytes: 1, sample: 'x' },
      }),
    ).toEqual([
      'source must be a path (got 3)',
      'account must be a key fingerprint (got "")',
      'through must be a whole number of lines, 0 or more (got -1)',
      'done[0] must be a [from, to] pair of line numbers, from ≤ to (got 5)',
      'done[1] must be a [from, to] pair of line numbers, from ≤ to (got [3,2])',
      'done[2] must be a [from, to] pair of line numbers, from ≤ to (got [1,2.5])',
      'sent must be a count, 0 or more (got "1")',
      'rejected must be a count, 0 or more (got null)',
      'updatedAt must be a date string (got 0)',
      'fingerprint must be { bytes, sample } as cartbeacon writes it (got {"bytes":1,"sample":"x"})',
    ]);
    const path = join(dir(), 'cp.json');
    writeFileSync(path, JSON.stringify({ ...state([]), done: [5] }));
    expect(() => readCheckpoint(path)).toThrow(/damaged or was edited \(done\[0\] must be .*\): delete it/);
  });

  it('fingerprints a file by its size and sampled content, and sees the last order of a large file change', () => {
    const d = dir();
    const small = join(d, 'small.jsonl');
    writeFileSync(small, 'a\nb\n');
    const fp = fingerprintFile(small);
    expect(fp).toEqual({ bytes: 4, sample: expect.stringMatching(/^[0-9a-f]{64}$/) });
    writeFileSync(small, 'a\nc\n');
    expect(fingerprintFile(small).sample).not.toBe(fp.sample);

    const big = join(d, 'big.jsonl');
    const line = `${'x'.repeat(99)}\n`;
    writeFileSync(big, line.repeat(50_000)); // 5 MB
    const before = fingerprintFile(big);
    const bytes = readFileSync(big);
    bytes[bytes.length - 2] = 0x79; // the last order changes
    writeFileSync(big, bytes);
    expect(fingerprintFile(big)).toEqual({ bytes: before.bytes, sample: expect.not.stringMatching(before.sample) });
  });

  it('tells which of file, key, content or line count does not match', () => {
    const d = dir();
    const path = join(d, 'cp.json');
    const fingerprint = { bytes: 100, sample: 'a'.repeat(64) };
    const cp = { ...state([]), fingerprint };
    const identity = { source: cp.source, account: cp.account, fingerprint };
    expect(() => checkBelongs(path, cp, identity)).not.toThrow();
    expect(() => checkBelongs(path, cp, { ...identity, account: 'other' })).toThrow(/another input file or API key/);
    expect(() => checkBelongs(path, cp, { ...identity, fingerprint: { bytes: 120, sample: 'b'.repeat(64) } })).toThrow(
      /changed since the checkpoint .* was written \(100 bytes then, 120 now\)/,
    );
    expect(() => checkBelongs(path, cp, { ...identity, fingerprint: { bytes: 100, sample: 'b'.repeat(64) } })).toThrow(
      /the same size, different content/,
    );
    expect(() => checkBelongs(path, { ...cp, fingerprint: undefined }, identity)).toThrow(
      /does not record what .* held/,
    );
    expect(() => checkBelongs(path, { ...cp, done: [[200, 300]] }, identity)).toThrow(
      /says lines up to 300 are finished, but .* has at most 101/,
    );
  });
});
