// One run per checkpoint: `<checkpoint>.lock` holds the pid, host and start time of the run using it.
// A second run is refused with those; a lock left by a run that died (its pid is gone on this host)
// is taken over. The lock file is created whole (written aside, then hard-linked into place), so a
// reader never sees half of it.
import { randomBytes } from 'node:crypto';
import { linkSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { SyncError } from '../server/errors.js';

/** Who holds a checkpoint. */
export interface LockHolder {
  pid: number;
  host: string;
  /** When that run started, ISO 8601. */
  startedAt: string;
}

export function lockPathOf(checkpoint: string): string {
  return `${checkpoint}.lock`;
}

/** What is locked, for messages: a sync's checkpoint (the default) or a relay's outbox. */
export interface LockKind {
  /** `checkpoint`, `outbox`. */
  noun: string;
  /** Who uses it: `sync`, `relay`. */
  user: string;
  /** The lock file. Default `<path>.lock`. */
  lockPath?: string;
}

const CHECKPOINT: LockKind = { noun: 'checkpoint', user: 'sync' };

/** True when `pid` is a live process here (a process of another user counts as live). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function holderOf(text: string): LockHolder | undefined {
  try {
    const value = JSON.parse(text) as Partial<LockHolder>;
    if (Number.isSafeInteger(value.pid) && (value.pid as number) > 0 && typeof value.host === 'string')
      return { pid: value.pid as number, host: value.host, startedAt: String(value.startedAt ?? 'unknown') };
  } catch {
    // not ours, or damaged: treated as held, the message says how to clear it
  }
  return undefined;
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** Creates `path` holding `text`, atomically; false when it exists. */
function create(path: string, text: string): boolean {
  const aside = `${path}.${process.pid}.${randomBytes(4).toString('hex')}`;
  try {
    writeFileSync(aside, text, { flag: 'wx' });
  } catch (error) {
    throw new SyncError(`cannot write the lock file ${path}: ${(error as Error).message}`);
  }
  try {
    linkSync(aside, path);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    // A file system without hard links: an exclusive create (a reader may then briefly see it empty).
    try {
      writeFileSync(path, text, { flag: 'wx' });
      return true;
    } catch (again) {
      if ((again as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw new SyncError(`cannot write the lock file ${path}: ${(again as Error).message}`);
    }
  } finally {
    rmSync(aside, { force: true });
  }
}

/** Moves a dead run's lock away, unless another run replaced it meanwhile (then it is put back). */
function takeOver(path: string, seen: string): void {
  const moved = `${path}.stale.${process.pid}`;
  try {
    renameSync(path, moved);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  if (readText(moved) !== seen) {
    try {
      linkSync(moved, path);
    } catch {
      // someone holds it again: theirs stands
    }
  }
  rmSync(moved, { force: true });
}

function inUse(
  checkpoint: string,
  path: string,
  holder: LockHolder | undefined,
  here: string,
  kind: LockKind,
): SyncError {
  if (!holder)
    return new SyncError(
      `the ${kind.noun} ${checkpoint} is in use: its lock ${path} cannot be read. If no ${kind.user} is running on it, delete ${path}`,
    );
  const who = `process ${holder.pid} on ${holder.host} (started ${holder.startedAt})`;
  const check =
    holder.host === here
      ? `wait for it to finish or stop it; if that process is not a cartbeacon ${kind.user}, delete ${path}`
      : `cartbeacon cannot see processes on ${holder.host}: if that run is gone, delete ${path}`;
  return new SyncError(`the ${kind.noun} ${checkpoint} is in use by ${who}: ${check}`);
}

/**
 * Locks `checkpoint` (or what `kind` names) for this process; returns the release function.
 * @throws SyncError naming the process that holds it (pid, host, start time).
 */
export function lockCheckpoint(checkpoint: string, now: Date = new Date(), kind: LockKind = CHECKPOINT): () => void {
  const path = kind.lockPath ?? lockPathOf(checkpoint);
  const here = hostname();
  const mine = JSON.stringify({ pid: process.pid, host: here, startedAt: now.toISOString() } satisfies LockHolder);
  for (let attempt = 0; attempt < 3; attempt++) {
    if (create(path, mine)) {
      return () => {
        if (readText(path) === mine) rmSync(path, { force: true });
      };
    }
    const text = readText(path);
    if (text === undefined) continue; // released meanwhile
    const holder = holderOf(text);
    if (!holder || holder.host !== here || alive(holder.pid)) throw inUse(checkpoint, path, holder, here, kind);
    takeOver(path, text);
  }
  throw inUse(checkpoint, path, holderOf(readText(path) ?? ''), here, kind);
}
