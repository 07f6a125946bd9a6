// One run per checkpoint: the lock file names the run holding it; a dead run's lock is taken over.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lockCheckpoint, lockPathOf } from '../../src/sync/lock.js';

const checkpoint = () => join(mkdtempSync(join(tmpdir(), 'cartbeacon-lock-')), 'cp.json');
const deadPid = () =>
  new Promise<number>((resolve) => {
    const child = spawn(process.execPath, ['-e', '']);
    child.on('exit', () => resolve(child.pid!));
  });

describe('lockCheckpoint', () => {
  it('holds the pid, host and start time, refuses a second holder and frees the checkpoint on release', () => {
    const cp = checkpoint();
    const release = lockCheckpoint(cp, new Date('2026-02-03T04:05:06.000Z'));
    expect(JSON.parse(readFileSync(lockPathOf(cp), 'utf8'))).toEqual({
      pid: process.pid,
      host: hostname(),
      startedAt: '2026-02-03T04:05:06.000Z',
    });
    expect(() => lockCheckpoint(cp)).toThrow(
      `the checkpoint ${cp} is in use by process ${process.pid} on ${hostname()} (started 2026-02-03T04:05:06.000Z): wait for it to finish or stop it`,
    );
    release();
    expect(existsSync(lockPathOf(cp))).toBe(false);
    lockCheckpoint(cp)();
  });

  it('takes over the lock of a process that is gone', async () => {
    const cp = checkpoint();
    writeFileSync(lockPathOf(cp), JSON.stringify({ pid: await deadPid(), host: hostname(), startedAt: 'then' }));
    const release = lockCheckpoint(cp);
    expect(JSON.parse(readFileSync(lockPathOf(cp), 'utf8')).pid).toBe(process.pid);
    release();
  });

  it('refuses a lock from another host or one it cannot read, saying how to clear it', async () => {
    const cp = checkpoint();
    writeFileSync(lockPathOf(cp), JSON.stringify({ pid: await deadPid(), host: 'build-7', startedAt: 'then' }));
    expect(() => lockCheckpoint(cp)).toThrow(
      new RegExp(
        `on build-7 \\(started then\\): cartbeacon cannot see processes on build-7: if that run is gone, delete ${lockPathOf(cp)}`,
      ),
    );
    writeFileSync(lockPathOf(cp), 'garbage');
    expect(() => lockCheckpoint(cp)).toThrow(`its lock ${lockPathOf(cp)} cannot be read`);
  });

  it('never removes a lock another run took meanwhile', () => {
    const cp = checkpoint();
    const release = lockCheckpoint(cp);
    const other = JSON.stringify({ pid: 1, host: 'elsewhere', startedAt: 'now' });
    writeFileSync(lockPathOf(cp), other);
    release();
    expect(readFileSync(lockPathOf(cp), 'utf8')).toBe(other);
  });
});
