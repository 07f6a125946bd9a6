// The data file `events.jsonl`, read in pieces so memory stays flat whatever its size: lines
// backward from an offset (pages, the in-memory window), line heads forward (counting), and the
// repair of a last line torn by a crash mid-append.
import { open } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { HEAD_BYTES, parseLine } from './lines.js';
import { FILE_CHUNK_BYTES, MAX_LINE_BYTES } from './limits.js';

const NEWLINE = 0x0a;

/** One line of the file: `[start, end)` in bytes, without its newline; `text` unset when longer than the limit. */
export interface FileLine {
  start: number;
  end: number;
  text: string | undefined;
}

/** Reads `length` bytes at `position`; fewer when the file is shorter (it was cleared meanwhile). */
async function readAt(fh: FileHandle, buffer: Buffer, length: number, position: number): Promise<number> {
  let done = 0;
  while (done < length) {
    const { bytesRead } = await fh.read(buffer, done, length - done, position + done);
    if (bytesRead === 0) break;
    done += bytesRead;
  }
  return done;
}

/** Opens the file for reading, or undefined when it does not exist. */
async function openExisting(file: string, flags = 'r'): Promise<FileHandle | undefined> {
  try {
    return await open(file, flags);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/**
 * The lines that end at or before `end`, newest first. Only the line being assembled is held; a line
 * longer than `maxLine` is passed over without keeping its bytes.
 */
export async function* linesBackward(
  file: string,
  end: number,
  chunkBytes = FILE_CHUNK_BYTES,
  maxLine = MAX_LINE_BYTES,
): AsyncGenerator<FileLine> {
  const fh = await openExisting(file);
  if (!fh) return;
  try {
    const buffer = Buffer.allocUnsafe(chunkBytes);
    let carry: Buffer[] = [];
    let carryBytes = 0;
    let tooLong = false;
    let lineEnd = end;
    const line = (start: number, first: Buffer): FileLine => {
      const length = lineEnd - start;
      if (tooLong || length > maxLine) return { start, end: lineEnd, text: undefined };
      const text = carry.length === 0 ? first.toString('utf8') : Buffer.concat([first, ...carry]).toString('utf8');
      return { start, end: lineEnd, text };
    };
    let position = end;
    while (position > 0) {
      const size = Math.min(chunkBytes, position);
      position -= size;
      if ((await readAt(fh, buffer, size, position)) < size) return; // the file shrank: a clear
      let i = size;
      while (i > 0) {
        const nl = buffer.lastIndexOf(NEWLINE, i - 1);
        if (nl === -1) break;
        const start = position + nl + 1;
        if (start < lineEnd) yield line(start, buffer.subarray(nl + 1, i));
        carry = [];
        carryBytes = 0;
        tooLong = false;
        lineEnd = position + nl;
        i = nl;
      }
      if (i > 0 && !tooLong) {
        carryBytes += i;
        if (carryBytes > maxLine) {
          tooLong = true;
          carry = [];
        } else carry.unshift(Buffer.from(buffer.subarray(0, i)));
      }
    }
    if (lineEnd > 0) yield line(0, Buffer.alloc(0));
  } finally {
    await fh.close();
  }
}

/**
 * Calls `onLine` with the first HEAD_BYTES of every newline-terminated line in `[from, to)`, oldest
 * first; stops early when `onLine` returns false. Memory: one chunk and one head.
 */
export async function scanHeads(
  file: string,
  from: number,
  to: number,
  onLine: (head: string) => boolean,
  chunkBytes = FILE_CHUNK_BYTES,
): Promise<void> {
  const fh = await openExisting(file);
  if (!fh) return;
  try {
    const buffer = Buffer.allocUnsafe(chunkBytes);
    let head = '';
    let headBytes = 0;
    let position = from;
    while (position < to) {
      const size = Math.min(chunkBytes, to - position);
      if ((await readAt(fh, buffer, size, position)) < size) return;
      const view = buffer.subarray(0, size);
      let i = 0;
      while (i < size) {
        const nl = view.indexOf(NEWLINE, i);
        const stop = nl === -1 ? size : nl;
        if (headBytes < HEAD_BYTES) {
          const take = Math.min(stop, i + HEAD_BYTES - headBytes);
          head += view.toString('utf8', i, take);
          headBytes += take - i;
        }
        if (nl === -1) break;
        if (headBytes > 0 && !onLine(head)) return;
        head = '';
        headBytes = 0;
        i = nl + 1;
      }
      position += size;
    }
  } finally {
    await fh.close();
  }
}

/** What the repair of the file's end did. */
export interface TailRepair {
  /** The file's size after the repair. */
  size: number;
  /** Bytes of a torn last line that were cut off (0 when none). */
  cutBytes: number;
  /** A last line without its newline that held a whole event: kept, newline added. */
  completed: boolean;
}

/**
 * A crash mid-append can leave a last line without its newline; the next append would be glued to
 * it and lost on the following load. Cuts such a line off, or ends it with a newline when it holds
 * a whole event (its write finished but for the newline; it was never acknowledged, so either is safe).
 */
export async function repairTail(file: string, chunkBytes = FILE_CHUNK_BYTES): Promise<TailRepair> {
  const fh = await openExisting(file, 'r+');
  if (!fh) return { size: 0, cutBytes: 0, completed: false };
  try {
    const size = (await fh.stat()).size;
    const buffer = Buffer.allocUnsafe(chunkBytes);
    if (size === 0) return { size, cutBytes: 0, completed: false };
    await readAt(fh, buffer, 1, size - 1);
    if (buffer[0] === NEWLINE) return { size, cutBytes: 0, completed: false };
    let tornStart = 0;
    for (let position = size; position > 0; ) {
      const length = Math.min(chunkBytes, position);
      position -= length;
      await readAt(fh, buffer, length, position);
      const nl = buffer.subarray(0, length).lastIndexOf(NEWLINE);
      if (nl !== -1) {
        tornStart = position + nl + 1;
        break;
      }
    }
    const tornBytes = size - tornStart;
    if (tornBytes <= MAX_LINE_BYTES) {
      const torn = Buffer.allocUnsafe(tornBytes);
      await readAt(fh, torn, tornBytes, tornStart);
      if (parseLine(torn.toString('utf8'))) {
        await fh.write('\n', size, 'utf8');
        return { size: size + 1, cutBytes: 0, completed: true };
      }
    }
    await fh.truncate(tornStart);
    return { size: tornStart, cutBytes: tornBytes, completed: false };
  } finally {
    await fh.close();
  }
}
