// Byte figures: what ships (raw, gzip -9, brotli), and what a bundler keeps of the npm entry.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { ROOT } from './collector.mjs';

export function sizes(bytes) {
  const buf = typeof bytes === 'string' ? Buffer.from(bytes) : bytes;
  return { raw: buf.length, gzip: gzipSync(buf, { level: 9 }).length, brotli: brotliCompressSync(buf).length };
}

/**
 * Bundles bench/consumer/entry.mjs (`createTracker` + `track`) with rollup and terser's defaults, as
 * a storefront's build would, with `cartbeacon` resolved to the built dist/index.mjs.
 */
export async function treeShaken() {
  const { rollup } = await import('rollup');
  const { default: terser } = await import('@rollup/plugin-terser');
  const bundle = await rollup({
    input: join(ROOT, 'bench', 'consumer', 'entry.mjs'),
    plugins: [{ name: 'cartbeacon', resolveId: (id) => (id === 'cartbeacon' ? join(ROOT, 'dist', 'index.mjs') : null) }],
    onwarn: () => {},
  });
  try {
    const { output } = await bundle.generate({ format: 'es', plugins: [terser({ format: { comments: false } })] });
    return sizes(output.filter((o) => o.type === 'chunk').map((o) => o.code).join('\n'));
  } finally {
    await bundle.close();
  }
}

export async function byteFigures() {
  const file = (...p) => readFileSync(join(ROOT, ...p));
  return {
    snippet: sizes(file('dist', 'snippet.min.js')),
    core: sizes(file('dist', 'richpanel.min.js')),
    npm: await treeShaken(),
    documentedSnippet: sizes(file('bench', 'documented', 'snippet.js')),
  };
}
