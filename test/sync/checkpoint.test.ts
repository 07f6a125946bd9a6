import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CheckpointWriter, readCheckpoint, type Checkpoint } from '../../src/sync/checkpoint.js';

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
