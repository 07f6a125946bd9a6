// The optional modules' file names and hashes at build time. `import HASHES from
// 'cartbeacon:module-hashes'` (the module list file: each module file's SRI hash) and `import
// LIST_HASH from 'cartbeacon:module-list-hash'` (the core: the list file's), read from the files
// built before them (rollup builds its configs in order; the unit tests run after the build).
// A rollup plugin (rollup.config.mjs) and a Vite plugin (vitest.config.ts).
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

/** The optional modules, each built as `dist/richpanel.<name>.min.js` from `src/modules/<name>/file.ts`. */
export const MODULE_NAMES = ['page-views', 'messenger', 'order-check', 'ecommerce'];

/**
 * The SRI hash a module file (or the module list) is loaded with. SHA-256, not the SHA-384 published
 * for the core: every SRI algorithm (sha256, sha384, sha512) pins the file alike, and the list's hash
 * sits in every shop's core, where 20 fewer base64 characters are about 17 B gzip (and each module's
 * hash in the list about 15 B).
 */
export const sriOf = (file) => `sha256-${createHash('sha256').update(readFileSync(file)).digest('base64')}`;

/**
 * `import HASHES from 'cartbeacon:module-hashes'` (the module list file: each module file's SRI hash)
 * and `import LIST_HASH from 'cartbeacon:module-list-hash'` (the core: the list file's), from the
 * files built before them: rollup builds the configs below in order.
 */
export const moduleHashes = () => ({
  name: 'module-hashes',
  resolveId: (id) => (id.startsWith('cartbeacon:module-') ? `\0${id}` : null),
  load(id) {
    const files =
      id === '\0cartbeacon:module-hashes'
        ? Object.fromEntries(MODULE_NAMES.map((name) => [name, `dist/richpanel.${name}.min.js`]))
        : id === '\0cartbeacon:module-list-hash'
          ? 'dist/richpanel.modules.min.js'
          : null;
    if (files === null) return null;
    const value =
      typeof files === 'string'
        ? sriOf(files)
        : Object.fromEntries(Object.entries(files).map(([n, f]) => [n, sriOf(f)]));
    return `export default ${JSON.stringify(value)};`;
  },
});
