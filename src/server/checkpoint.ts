// The checkpoint file: acknowledged progress of a history sync, rewritten in place on every
// acknowledgement so a crash or Ctrl-C loses at most the batches that were in flight.
import { createHash } from 'node:crypto';
import { closeSync, existsSync, fstatSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
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
    throw new SyncError(
      `the checkpoint ${path} is not a cartbeacon sync checkpoint: delete it or choose another --checkpoint`,
    );
  }
  return value as Checkpoint;
}

/**
 * Keeps the checkpoint file open and overwrites it in place with one positioned write per
 * acknowledgement (a write-then-rename per batch costs a rename syscall each time and was a third
 * of the sync's CPU time). A shorter text is padded with spaces to the previous length, so the file
 * always holds one whole JSON document; a write to a regular file is not cut short by a kill.
 */
export class CheckpointWriter {
  private readonly fd: number;
  private length: number;

  constructor(path: string) {
    // An existing checkpoint (a resume) is never truncated: killed before the first write, it stays valid.
    this.fd = openSync(path, existsSync(path) ? 'r+' : 'w');
    this.length = fstatSync(this.fd).size;
  }

  write(checkpoint: Checkpoint): void {
    const text = JSON.stringify(checkpoint);
    const bytes = Buffer.byteLength(text);
    writeSync(this.fd, bytes < this.length ? text + ' '.repeat(this.length - bytes) : text, 0, 'utf8');
    this.length = Math.max(this.length, bytes);
  }

  close(): void {
    closeSync(this.fd);
  }
}

export function removeCheckpoint(path: string): void {
  rmSync(path, { force: true });
}
