// Writes dist/integrity.json: the Subresource Integrity hash of each browser script this build made,
// for `richpanel.load(KEY, { src, integrity })` and `<script integrity>` tags. scripts/size.mjs checks
// that the README shows the core's hash.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MODULE_NAMES } from './module-hashes.mjs';
import { ROOT } from './sizes.mjs';

export const sri = (file) =>
  'sha384-' +
  createHash('sha384')
    .update(readFileSync(join(ROOT, file)))
    .digest('base64');

if (import.meta.url === `file://${process.argv[1]}`) {
  // the core, the loader, and the module list and module files the core loads (their hashes are in
  // the core and the list already; listed here for pages that preload them)
  const files = [
    'richpanel.min.js',
    'snippet.min.js',
    'richpanel.modules.min.js',
    ...MODULE_NAMES.map((n) => `richpanel.${n}.min.js`),
  ];
  const hashes = Object.fromEntries(files.map((f) => [f, sri(join('dist', f))]));
  writeFileSync(join(ROOT, 'dist', 'integrity.json'), JSON.stringify(hashes, null, 2) + '\n');
}
