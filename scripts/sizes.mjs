// What each browser entry weighs, measured one way for the byte budgets (scripts/size.mjs) and the
// bench (bench/bytes.mjs): raw, gzip (zlib level 9, no file name in the header) and brotli.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { MODULE_NAMES } from './module-hashes.mjs';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

export function sizes(bytes) {
  const buf = typeof bytes === 'string' ? Buffer.from(bytes) : bytes;
  return { raw: buf.length, gzip: gzipSync(buf, { level: 9 }).length, brotli: brotliCompressSync(buf).length };
}

/**
 * Bundles `scripts/consumer.mjs` (`createTracker` + `track`) with rollup and terser's defaults, as a
 * storefront's build would, with `cartbeacon` resolved to the built dist/index.mjs: what
 * tree-shaking leaves of the npm entry.
 */
export async function treeShaken() {
  const { rollup } = await import('rollup');
  const { default: terser } = await import('@rollup/plugin-terser');
  const bundle = await rollup({
    input: join(ROOT, 'scripts', 'consumer.mjs'),
    plugins: [
      { name: 'cartbeacon', resolveId: (id) => (id === 'cartbeacon' ? join(ROOT, 'dist', 'index.mjs') : null) },
    ],
    onwarn: () => {},
  });
  try {
    const { output } = await bundle.generate({ format: 'es', plugins: [terser({ format: { comments: false } })] });
    return sizes(
      output
        .filter((o) => o.type === 'chunk')
        .map((o) => o.code)
        .join('\n'),
    );
  } finally {
    await bundle.close();
  }
}

/** An adapter entry as a bundler leaves it: minified by terser (react, vue and cartbeacon stay external). */
async function minified(file) {
  const { minify } = await import('terser');
  const out = await minify(readFileSync(join(ROOT, file), 'utf8'), { module: true, format: { comments: false } });
  return sizes(out.code);
}

/** The sizes of every browser entry, by name. */
export async function measureEntries() {
  const file = (...p) => readFileSync(join(ROOT, ...p));
  return {
    snippet: sizes(file('dist', 'snippet.min.js')),
    core: sizes(file('dist', 'richpanel.min.js')),
    npm: await treeShaken(),
    react: await minified('dist/react.mjs'),
    vue: await minified('dist/vue.mjs'),
    modules: sizes(file('dist', 'richpanel.modules.min.js')),
    ...Object.fromEntries(MODULE_NAMES.map((n) => [n, sizes(file('dist', `richpanel.${n}.min.js`))])),
  };
}
