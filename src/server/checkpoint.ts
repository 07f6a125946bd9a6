// The checkpoint file: acknowledged progress of a history sync, rewritten atomically on every
// acknowledgement so a crash or Ctrl-C loses at most the batches that were in flight.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { SyncError } from './errors.js';
import type { LineRange } from './progress-ranges.js';

export interface Checkpoint {
  version: 1;
  /** What is being synced (the input file's absolute path) and to which account (a key fingerprint). */
  source: string;
  account: string;
  /** Lines ≤ through are finished; `done` lists finished ranges above it. */
  through: number;
  done: LineRange[];
  /** Totals over every run of this sync. */
  sent: number;
  rejected: number;
  updatedAt: string;
}

/** Tells checkpoints of different accounts apart without writing the key itself to disk. */
export function accountFingerprint(apiKey: string): string {
  return createHash('sha256').update(apiKey, 'utf8').digest('hex').slice(0, 16);
}

export function readCheckpoint(path: string): Checkpoint | undefined {
  if (!existsSync(path)) return undefined;
  let value: Partial<Checkpoint>;
  try {
    value = JSON.parse(readFileSync(path, 'utf8')) as Partial<Checkpoint>;
  } catch {
    throw new SyncError(`the checkpoint ${path} is not readable JSON: delete it to start the sync over`);
  }
  if (value.version !== 1 || typeof value.through !== 'number' || !Array.isArray(value.done)) {
    throw new SyncError(`the checkpoint ${path} is not a cartbeacon sync checkpoint: delete it or choose another --checkpoint`);
  }
  return value as Checkpoint;
}

/** Write-then-rename, synchronously: the file is always a whole checkpoint, never half of one. */
export function writeCheckpoint(path: string, checkpoint: Checkpoint): void {
  const tmp = `${path}.tmp`;
  writeFileSync(tmp, JSON.stringify(checkpoint));
  renameSync(tmp, path);
}

export function removeCheckpoint(path: string): void {
  rmSync(path, { force: true });
}
