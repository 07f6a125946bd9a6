// Builds every artifact in DESIGN.md's table. Browser bundles are size-critical (terser, two passes);
// Node bundles stay readable. Type declarations come from `tsc` afterwards (see scripts/dts.mjs).
import { readFileSync } from 'node:fs';
import typescript from '@rollup/plugin-typescript';
import terser from '@rollup/plugin-terser';
import { minify } from 'terser';
import uglify from 'uglify-js';
import { coreModule } from './scripts/core-module.mjs';
import { MODULE_NAMES, moduleHashes } from './scripts/module-hashes.mjs';

const pkg = JSON.parse(readFileSync('./package.json', 'utf8'));
const VERSION = pkg.version;

/** Replaces `__VERSION__` with the package version in every module. */
const version = () => ({
  name: 'version',
  transform(code) {
    return code.includes('__VERSION__') ? { code: code.replaceAll('__VERSION__', VERSION), map: null } : null;
  },
});

/** `import SNIPPET from 'cartbeacon:snippet'`: the minified loader source as a string. */
const snippetSource = () => ({
  name: 'snippet-source',
  resolveId: (id) => (id === 'cartbeacon:snippet' ? '\0cartbeacon:snippet' : null),
  async load(id) {
    if (id !== '\0cartbeacon:snippet') return null;
    const min = await minifySnippet();
    return `export default ${JSON.stringify(min)};`;
  },
});

async function minifySnippet() {
  const src = readFileSync('src/loader/snippet.js', 'utf8').replaceAll('__VERSION__', VERSION);
  const out = await minify(src, { compress: { passes: 3 }, mangle: true, format: { comments: false } });
  return out.code;
}

/** Writes dist/snippet.min.js from src/loader/snippet.js. */
const snippetFile = () => ({
  name: 'snippet-file',
  async generateBundle() {
    this.emitFile({ type: 'asset', fileName: 'snippet.min.js', source: await minifySnippet() });
  },
});

/** Each build type-checks only the folders it bundles: browser builds with tsconfig.browser.json (no Node types). */
const BROWSER_SOURCES = [
  'src/core/**',
  'src/transport/**',
  'src/protocol/**',
  'src/modules/**',
  'src/loader/tag.ts',
  'src/index.ts',
  'src/snippet.ts',
  'src/env.d.ts',
  'src/react/**',
  'src/vue/**',
];
const ts = (include = ['src/**/*.ts'], target = 'ES2019', tsconfig = './tsconfig.json') =>
  typescript({
    tsconfig,
    include,
    noEmitOnError: true,
    // allowJs is for `npm run check` of the hand-written loader; rollup builds TypeScript only
    compilerOptions: { noEmit: false, declaration: false, target, allowJs: false, checkJs: false },
  });
const browserTs = (target) => ts(BROWSER_SOURCES, target, './tsconfig.browser.json');

// four passes: the fourth still finds 13 B gzip on the core (with the uglify-js pass below); more find nothing
const browserTerser = terser({
  ecma: 2020,
  compress: { passes: 4, pure_getters: true, unsafe_arrows: true },
  mangle: { properties: { regex: /^_/ } },
  format: { comments: false },
});

/**
 * A second pass with uglify-js over terser's output: it turns `const`/`let` into `var` where that
 * keeps the meaning and joins the declarations, which terser does not (about 170 B gzip on the
 * core). Only its safe defaults: no `unsafe` rewrites (`String(x)` to `""+x` would throw on a Symbol),
 * and `directives: false`, else it drops `"use strict"`. `inline: 1` inlines only simple functions (not those with
 * arguments or variables): bodies kept as functions repeat their shape, which gzip takes better than the raw bytes
 * inlining saves (47 B gzip on the core, 19 B on the e-commerce module).
 * On the core (`startUp`), `arrows: false` keeps the single-use factories terser inlined as
 * `function(){…}(…)` calls instead of parenthesized arrows, which V8 compiles eagerly with the script:
 * the script compiles in about 0.6 ms instead of 0.86 (Node 20, median of 600 compiles, every run);
 * from parse to ready in Chromium (inline script, 40 to 60 fresh pages) four runs read from 0.45 ms
 * less to 0.3 ms more, three of them less. It costs 10 B gzip; the modules load after ready and keep
 * their arrows.
 */
const uglifyPass = (startUp = false) => ({
  name: 'uglify-pass',
  renderChunk(code) {
    const compress = { passes: 3, directives: false, inline: 1, arrows: !startUp };
    const out = uglify.minify(code, { compress, mangle: true });
    if (out.error) throw out.error;
    return { code: out.code, map: null };
  },
});

/** The adapters import the core from the package's own entry, so a shop's bundle holds one core. */
const coreAsPackage = () => ({
  name: 'core-as-package',
  resolveId: (source, importer) =>
    source === '../index.js' && /[\\/]src[\\/](react|vue)[\\/]/.test(importer ?? '')
      ? { id: 'cartbeacon', external: true }
      : null,
});
/** Server components may render `<CartbeaconProvider>` directly (Next.js app router). */
const useClient = (chunk) => (chunk.name === 'react' ? "'use client';" : '');

/** Node built-ins and runtime packages stay imports; bullmq and ioredis (optional peers) are imported only by a relay given `redis`. */
const nodeExternal = (id) => id.startsWith('node:') || ['cli-progress', 'bullmq', 'ioredis'].includes(id);

/** A module file is type-checked with what it may import: its folder, src/protocol, the core's event types. */
const moduleTs = ts(
  ['src/modules/**', 'src/protocol/**', 'src/core/events.ts', 'src/env.d.ts'],
  'ES2020',
  './tsconfig.browser.json',
);

export default [
  // The optional modules, each its own file beside the core (the core carries their hashes).
  ...MODULE_NAMES.map((name) => ({
    input: `src/modules/${name}/file.ts`,
    output: { file: `dist/richpanel.${name}.min.js`, format: 'iife', plugins: [browserTerser, uglifyPass()] },
    // type-checked with what a module may import (its folder, src/protocol, the core's event types)
    plugins: [version(), moduleTs],
  })),
  // The module list: each module file's hash, and the loader of the modules the core asks for.
  {
    input: 'src/modules/list/file.ts',
    output: { file: 'dist/richpanel.modules.min.js', format: 'iife', plugins: [browserTerser, uglifyPass()] },
    plugins: [moduleHashes(), moduleTs],
  },
  // The core script served at <host>/v2/j/<KEY>, and the snippet next to it.
  {
    input: 'src/core/main.ts',
    output: { file: 'dist/richpanel.min.js', format: 'iife', plugins: [browserTerser, uglifyPass(true)] },
    plugins: [version(), moduleHashes(), browserTs('ES2020'), snippetFile()],
  },
  // npm entries for browsers and bundlers (SSR-safe).
  {
    input: { index: 'src/index.ts', snippet: 'src/snippet.ts' },
    output: [
      { dir: 'dist', format: 'es', entryFileNames: '[name].mjs', chunkFileNames: 'chunks/[name]-[hash].mjs' },
      { dir: 'dist', format: 'cjs', entryFileNames: '[name].cjs', chunkFileNames: 'chunks/[name]-[hash].cjs' },
    ],
    plugins: [version(), snippetSource(), browserTs()],
  },
  // `cartbeacon/react` and `cartbeacon/vue`: thin adapters; the framework and the core stay imports.
  {
    input: { react: 'src/react/index.ts', vue: 'src/vue/index.ts' },
    external: ['react', 'vue'],
    output: [
      { dir: 'dist', format: 'es', entryFileNames: '[name].mjs', banner: useClient },
      { dir: 'dist', format: 'cjs', entryFileNames: '[name].cjs', banner: useClient, exports: 'named' },
    ],
    plugins: [coreAsPackage(), browserTs()],
  },
  // Node-only: `cartbeacon/server`, its browser guard, `cartbeacon/testing` (the dev collector) and the CLI.
  {
    input: {
      server: 'src/server.ts',
      'server-browser': 'src/server-browser.ts',
      testing: 'src/testing.ts',
      cli: 'src/cli/main.ts',
    },
    external: nodeExternal,
    output: [
      {
        dir: 'dist',
        format: 'es',
        entryFileNames: '[name].mjs',
        chunkFileNames: 'chunks/[name]-[hash].mjs',
        banner: (chunk) => (chunk.name === 'cli' ? '#!/usr/bin/env node' : ''),
      },
    ],
    plugins: [version(), snippetSource(), coreModule(), ts()],
  },
  // `cartbeacon/proxy`: Node-free (edge runtimes), with the core above inlined, so it comes after it.
  {
    input: { proxy: 'src/proxy.ts' },
    output: [
      { dir: 'dist', format: 'es', entryFileNames: '[name].mjs', chunkFileNames: 'chunks/[name]-[hash].mjs' },
      { dir: 'dist', format: 'cjs', entryFileNames: '[name].cjs', chunkFileNames: 'chunks/[name]-[hash].cjs' },
    ],
    plugins: [version(), coreModule(), ts(undefined, 'ES2020')],
  },
  {
    input: { server: 'src/server.ts', testing: 'src/testing.ts' },
    external: nodeExternal,
    output: { dir: 'dist', format: 'cjs', entryFileNames: '[name].cjs', chunkFileNames: 'chunks/[name]-[hash].cjs' },
    plugins: [version(), ts()],
  },
];
