// Writes dist/integrity.json: the Subresource Integrity hash of each browser script this build made,
// for `richpanel.load(KEY, { src, integrity })` and `<script integrity>` tags. scripts/size.mjs checks
// that the README shows the core's hash.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MODULE_NAMES, sriOf } from './module-hashes.mjs';
import { ROOT } from './sizes.mjs';

export const sri = (file) =>
  'sha384-' +
  createHash('sha384')
    .update(readFileSync(join(ROOT, file)))
    .digest('base64');

if (import.meta.url === `file://${process.argv[1]}`) {
  // the core and the loader (SHA-384), and the module list and module files the core loads, with the
  // very hashes the core and the list carry (SHA-256): listed for pages that preload them, and a
  // preload is reused only when its integrity is the script's
  const modules = ['richpanel.modules.min.js', ...MODULE_NAMES.map((n) => `richpanel.${n}.min.js`)];
  const hashes = {
    ...Object.fromEntries(['richpanel.min.js', 'snippet.min.js'].map((f) => [f, sri(join('dist', f))])),
    ...Object.fromEntries(modules.map((f) => [f, sriOf(join(ROOT, 'dist', f))])),
  };
  writeFileSync(join(ROOT, 'dist', 'integrity.json'), JSON.stringify(hashes, null, 2) + '\n');
}
