// `import { CORE, CORE_ETAG, MODULES } from 'cartbeacon:core'`: the built core (dist/richpanel.min.js) as a
// string and its ETag, its module files (`MODULES[name]`: text and ETag), for cartbeacon/proxy (edge runtimes have no file system to read it from).
// A rollup plugin (rollup.config.mjs builds the core first) and a Vite plugin (vitest.config.ts).
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { MODULE_NAMES } from './module-hashes.mjs';

const ID = 'cartbeacon:core';

/** The ETag of a core text: its SHA-256, base64url, quoted (a strong validator). */
export const etagOf = (text) => `"${createHash('sha256').update(text).digest('base64url')}"`;

export function coreModule(file = resolve('dist/richpanel.min.js')) {
  return {
    name: 'core-module',
    resolveId: (id) => (id === ID ? `\0${ID}` : null),
    load(id) {
      if (id !== `\0${ID}`) return null;
      if (!existsSync(file))
        throw new Error(`${file} is missing: build the core before the proxy (npm run build does, in that order)`);
      this.addWatchFile?.(file);
      const text = readFileSync(file, 'utf8');
      // The module list and each module file of the same build, by the name in `/v2/m/<name>.min.js`.
      const modules = {};
      for (const name of ['modules', ...MODULE_NAMES]) {
        const f = join(dirname(file), `richpanel.${name}.min.js`);
        const t = readFileSync(f, 'utf8');
        modules[name] = { text: t, etag: etagOf(t) };
      }
      return (
        `export const CORE = ${JSON.stringify(text)};\nexport const CORE_ETAG = ${JSON.stringify(etagOf(text))};\n` +
        `export const MODULES = ${JSON.stringify(modules)};\n`
      );
    },
  };
}
