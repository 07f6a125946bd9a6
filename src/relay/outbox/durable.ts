// Writes that survive a crash or a power cut: a file is written aside, fsynced and renamed into place
// (a reader sees the old or the new file, never half of one), then its folder is fsynced so the
// rename itself is on disk; appends are fsynced before they count.
import { closeSync, fsyncSync, openSync, renameSync, writeSync } from 'node:fs';
import { open, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';

/** Makes a rename or an unlink in `dir` durable (a no-op where folders cannot be opened, e.g. Windows). */
export async function syncDir(dir: string): Promise<void> {
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch {
    // Windows cannot fsync a folder; its renames are durable once they return.
  } finally {
    await handle?.close();
  }
}

export async function writeDurably(path: string, text: string): Promise<void> {
  const aside = `${path}.tmp`;
  const handle = await open(aside, 'w');
  try {
    await handle.writeFile(text, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(aside, path);
  await syncDir(dirname(path));
}

/** writeDurably for start-up, before the relay runs (its outbox is opened synchronously). */
export function writeDurablySync(path: string, text: string): void {
  const aside = `${path}.tmp`;
  const fd = openSync(aside, 'w');
  try {
    writeSync(fd, text, 0, 'utf8');
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(aside, path);
  try {
    const dirFd = openSync(dirname(path), 'r');
    try {
      fsyncSync(dirFd);
    } finally {
      closeSync(dirFd);
    }
  } catch {
    // Windows cannot fsync a folder.
  }
}

export async function removeDurably(path: string): Promise<void> {
  await rm(path, { force: true });
  await syncDir(dirname(path));
}

/** An append-only file whose appends are written and fsynced one after another. */
export class AppendFile {
  private handle: Promise<Awaited<ReturnType<typeof open>>> | undefined;
  private chain: Promise<void> = Promise.resolve();

  constructor(private readonly path: string) {}

  /** Resolves once `lines` are on disk. */
  append(lines: readonly string[]): Promise<void> {
    if (lines.length === 0) return this.chain;
    const text = lines.map((line) => `${line}\n`).join('');
    const next = this.chain.then(async () => {
      this.handle ??= open(this.path, 'a');
      const handle = await this.handle;
      await handle.write(text);
      await handle.sync();
    });
    // A failed append fails its caller; the next one still runs.
    this.chain = next.catch(() => undefined);
    return next;
  }

  async close(): Promise<void> {
    await this.chain;
    if (this.handle) await (await this.handle).close();
    this.handle = undefined;
  }
}
