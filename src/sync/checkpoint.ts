// The checkpoint file: acknowledged progress of a history sync, rewritten in place on every
// acknowledgement so a crash or Ctrl-C loses at most the batches that were in flight. It is tied to
// the input (its path and a content fingerprint) and to the account, and checked field by field
// before a resume trusts it.
import { createHash } from 'node:crypto';
import { closeSync, existsSync, fstatSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { SyncError } from '../server/errors.js';
import type { Fingerprint } from './fingerprint.js';
import type { LineRange } from './progress-ranges.js';

export interface Checkpoint {
  version: 1;
  /** What is being synced: the input file's absolute path, or `iterable`. */
  source: string;
  /** What the input file held when the sync started (absent for an iterable). */
  fingerprint?: Fingerprint;
  /** To which account (a key fingerprint, never the key). */
  account: string;
  /** Lines ≤ through are finished; `done` lists finished ranges above it. */
  through: number;
  done: LineRange[];
  /**
   * Lines above `through` whose preparation is done (eSputnik: their contacts imported) while their
   * delivery may not be: a resume does not prepare them again. Absent for destinations without one.
   */
  prepared?: LineRange[];
  /** Totals over every run of this sync. */
  sent: number;
  rejected: number;
  updatedAt: string;
}

/** What a run expects of a checkpoint it resumes. */
export interface CheckpointIdentity {
  source: string;
  account: string;
  fingerprint: Fingerprint | undefined;
}

const SHA256_HEX = /^[0-9a-f]{64}$/;

/** Tells checkpoints of different accounts apart without writing the key itself to disk. */
export function accountFingerprint(apiKey: string): string {
  return createHash('sha256').update(apiKey, 'utf8').digest('hex').slice(0, 16);
}

const isCount = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;
const isLine = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 1;
const got = (v: unknown) => {
  const text = JSON.stringify(v) ?? String(v);
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
};

/** Every field that is not what a checkpoint holds, as `<field> must be …` (pure). */
export function checkpointProblems(value: Record<string, unknown>): string[] {
  const problems: string[] = [];
  if (typeof value.source !== 'string' || value.source === '')
    problems.push(`source must be a path (got ${got(value.source)})`);
  if (typeof value.account !== 'string' || value.account === '')
    problems.push(`account must be a key fingerprint (got ${got(value.account)})`);
  if (!isCount(value.through))
    problems.push(`through must be a whole number of lines, 0 or more (got ${got(value.through)})`);
  const ranges = (field: 'done' | 'prepared') => {
    const list = value[field];
    if (!Array.isArray(list)) problems.push(`${field} must be a list of [from, to] line ranges (got ${got(list)})`);
    else
      list.forEach((range: unknown, i) => {
        const ok =
          Array.isArray(range) && range.length === 2 && isLine(range[0]) && isLine(range[1]) && range[0] <= range[1];
        if (!ok)
          problems.push(`${field}[${i}] must be a [from, to] pair of line numbers, from ≤ to (got ${got(range)})`);
      });
  };
  ranges('done');
  if (value.prepared !== undefined) ranges('prepared');
  for (const field of ['sent', 'rejected'] as const)
    if (!isCount(value[field])) problems.push(`${field} must be a count, 0 or more (got ${got(value[field])})`);
  if (value.updatedAt !== undefined && typeof value.updatedAt !== 'string')
    problems.push(`updatedAt must be a date string (got ${got(value.updatedAt)})`);
  const fp = value.fingerprint as Partial<Fingerprint> | undefined;
  if (
    fp !== undefined &&
    (fp === null ||
      typeof fp !== 'object' ||
      !isCount(fp.bytes) ||
      typeof fp.sample !== 'string' ||
      !SHA256_HEX.test(fp.sample))
  )
    problems.push(`fingerprint must be { bytes, sample } as cartbeacon writes it (got ${got(fp)})`);
  return problems;
}

/**
 * Reads and checks a checkpoint; undefined when there is none.
 * @throws SyncError naming every field that is not what a checkpoint holds.
 */
export function readCheckpoint(path: string): Checkpoint | undefined {
  if (!existsSync(path)) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    throw new SyncError(`the checkpoint ${path} is not readable JSON: delete it to start the sync over`);
  }
  if (
    value === null ||
    typeof value !== 'object' ||
    Array.isArray(value) ||
    (value as { version?: unknown }).version !== 1
  ) {
    throw new SyncError(
      `the checkpoint ${path} is not a cartbeacon sync checkpoint: delete it or choose another \`checkpoint\``,
    );
  }
  const problems = checkpointProblems(value as Record<string, unknown>);
  if (problems.length > 0) {
    throw new SyncError(
      `the checkpoint ${path} is damaged or was edited (${problems.join('; ')}): delete it to start the sync over`,
    );
  }
  return value as Checkpoint;
}

/** The highest line a checkpoint says is finished. */
export function lastFinishedLine(checkpoint: Pick<Checkpoint, 'through' | 'done'>): number {
  return checkpoint.done.reduce((max, [, to]) => Math.max(max, to), checkpoint.through);
}

/**
 * Checks that a checkpoint belongs to this run: the same input, the same account, and (for a file)
 * the same content, and that it claims no line the file cannot have.
 * @throws SyncError saying what does not match and what to do.
 */
export function checkBelongs(path: string, checkpoint: Checkpoint, expected: CheckpointIdentity): void {
  if (checkpoint.source !== expected.source || checkpoint.account !== expected.account) {
    throw new SyncError(
      `the checkpoint ${path} belongs to another input file or API key: choose another \`checkpoint\` or delete it`,
    );
  }
  const now = expected.fingerprint;
  if (!now) return;
  const then = checkpoint.fingerprint;
  const startOver =
    'Delete it and sync the file from the start (an order sent again is harmless: Richpanel drops it as a duplicate, Rfmcube and eSputnik update it), or resume with the file it was made for';
  if (!then) {
    throw new SyncError(
      `the checkpoint ${path} does not record what ${expected.source} held, so a resume cannot tell whether the file changed. ${startOver}`,
    );
  }
  if (then.bytes !== now.bytes || then.sample !== now.sample) {
    const how =
      then.bytes !== now.bytes ? `${then.bytes} bytes then, ${now.bytes} now` : 'the same size, different content';
    throw new SyncError(
      `the input file ${expected.source} changed since the checkpoint ${path} was written (${how}): resuming would skip the wrong lines. ${startOver}`,
    );
  }
  // A file of n bytes has at most n + 1 lines.
  const last = lastFinishedLine(checkpoint);
  if (last > now.bytes + 1) {
    throw new SyncError(
      `the checkpoint ${path} says lines up to ${last} are finished, but ${expected.source} has at most ${now.bytes + 1}: it was edited or damaged; delete it to start the sync over`,
    );
  }
}

/**
 * The checkpoint a run starts from: the existing one when resuming (checked to belong to this
 * input, key and content), else a fresh one.
 * @throws SyncError when one exists and `resume` is false, or it does not belong to this run.
 */
export function openCheckpoint(path: string, identity: CheckpointIdentity, resume: boolean): Checkpoint {
  const existing = readCheckpoint(path);
  if (existing && !resume) {
    throw new SyncError(
      `a checkpoint from an earlier run exists at ${path}: pass \`resume: true\` to continue it, or delete it to start over`,
    );
  }
  if (existing) {
    checkBelongs(path, existing, identity);
    return existing;
  }
  return {
    version: 1,
    source: identity.source,
    ...(identity.fingerprint ? { fingerprint: identity.fingerprint } : {}),
    account: identity.account,
    through: 0,
    done: [],
    sent: 0,
    rejected: 0,
    updatedAt: new Date().toISOString(),
  };
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
