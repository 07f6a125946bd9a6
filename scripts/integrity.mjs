// Writes dist/integrity.json: the Subresource Integrity hash of each browser script this build made,
// for `richpanel.load(KEY, { src, integrity })` and `<script integrity>` tags. scripts/size.mjs checks
// that the README shows the core's hash.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './sizes.mjs';

export const sri = (file) =>
  'sha384-' +
  createHash('sha384')
    .update(readFileSync(join(ROOT, file)))
    .digest('base64');

if (import.meta.url === `file://${process.argv[1]}`) {
  const hashes = Object.fromEntries(['richpanel.min.js', 'snippet.min.js'].map((f) => [f, sri(join('dist', f))]));
  writeFileSync(join(ROOT, 'dist', 'integrity.json'), JSON.stringify(hashes, null, 2) + '\n');
}
