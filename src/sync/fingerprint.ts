// A content fingerprint of the input file that stays cheap on files of many GB: the file's size and
// the SHA-256 of 16 blocks of 64 KB spread evenly over it, the first and the last included. At most
// 1 MB is read whatever the size (a file up to 1 MB is hashed whole). A new export written to the same
// path changes the size or a sampled block (its first or last orders, at least); an edit that keeps
// the size and falls between the samples is not seen.
import { createHash } from 'node:crypto';
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

/** Blocks sampled: enough to see a change anywhere in a re-export, few enough to read in milliseconds. */
const BLOCKS = 16;
/** Block size: a few hundred orders at the start and at the end of a typical export. */
const BLOCK_BYTES = 64 * 1024;

export interface Fingerprint {
  /** The file's size in bytes. */
  bytes: number;
  /** Hex SHA-256 of the size and the sampled blocks. */
  sample: string;
}

export function fingerprintFile(path: string): Fingerprint {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    const hash = createHash('sha256').update(`${size}\n`);
    const buffer = Buffer.allocUnsafe(Math.min(size, BLOCKS * BLOCK_BYTES));
    if (size <= BLOCKS * BLOCK_BYTES) {
      hash.update(buffer.subarray(0, readSync(fd, buffer, 0, size, 0)));
    } else {
      for (let i = 0; i < BLOCKS; i++) {
        const at = Math.floor((i * (size - BLOCK_BYTES)) / (BLOCKS - 1));
        hash.update(buffer.subarray(0, readSync(fd, buffer, 0, BLOCK_BYTES, at)));
      }
    }
    return { bytes: size, sample: hash.digest('hex') };
  } finally {
    closeSync(fd);
  }
}
