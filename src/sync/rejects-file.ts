// The rejects file of a history sync: one JSON line `{line, reason, input}` per line not sent.
import { closeSync, openSync, rmSync, writeSync } from 'node:fs';

export class RejectsFile {
  private fd: number | undefined;

  /** A fresh run replaces an old file; a resumed run appends to it. Nothing is created until a reject. */
  constructor(
    private readonly path: string | undefined,
    append: boolean,
  ) {
    if (path && !append) rmSync(path, { force: true });
  }

  /** Written synchronously, so the line is on disk before the checkpoint can count it as finished. */
  write(line: number, reason: string, input: string): void {
    if (!this.path) return;
    this.fd ??= openSync(this.path, 'a');
    writeSync(this.fd, `${JSON.stringify({ line, reason, input })}\n`);
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}
