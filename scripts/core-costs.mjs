// `npm run size:costs`: what each capability of the script-tag core weighs, measured by building the
// core without it (gzip, as scripts/size.mjs measures). Each row patches a copy of src/ in a
// temporary folder so that the capability is gone and the rest still type-checks, builds the core
// with the same rollup config as `npm run build`, and prints the bytes it saved. The copies never
// ship: the table is the input to a budget decision (README "Performance"), not a build step.
// Needs `npm run build` first (the module files' hashes come from dist/). A patch whose text is no
// longer in the source is reported as stale, never measured.
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, sizes } from './sizes.mjs';

/**
 * [capability, then one or more edits: file under src/, text in it, what replaces the text]: each row
 * removes one capability.
 */
const WITHOUT = [
  [
    'persistence (backlog records, tab locks, adoption)',
    'transport/transport.ts',
    'const backlog = createBacklog(o._storage, o._apiKey, o._pageId, o._warn);',
    'const backlog = { _save: () => new Set<Ev>(), _adopt(_t: unknown) {}, _release() {}, _hold() {} }; void createBacklog;',
  ],
  [
    'sanitizer (deep copy, caps, cycles, toJSON)',
    'core/tracker.ts',
    "import { sanitizeProps } from './sanitize.js';",
    'const sanitizeProps = (p: unknown, _w: unknown) => (p || {}) as Record<string, never>;',
  ],
  [
    'module loader (the list file, its SRI hash, held hooks)',
    'core/main.ts',
    'scriptModules(r, src, !!m, r.o?.nonce),',
    '() => ({ _on: (_n: string, o: unknown) => !!o, _hook() {} }),',
  ],
  [
    'context block (page, referrer, screen, locale…)',
    'core/tracker.ts',
    'context: context(),',
    'context: {} as never,',
  ],
  [
    'retries with backoff and Retry-After',
    'transport/queue.ts',
    'retryAt = Date.now() + Math.max(retryAfterMs(retryAfter)!, backoff(attempt++));',
    'void retryAfter; void retryAfterMs; void backoff;',
  ],
  [
    'consent (pending, denied, GPC, remembered answer)',
    'core/tracker.ts',
    'begin(startConsent(config.consent, jar[CONSENT_COOKIE], !!config.respectGpc && gpc), jar);',
    "begin('granted', jar); void gpc;",
    'core/tracker.ts',
    '      init();\n      rememberConsent(w, answer);\n      if (answer !== state) begin(answer);',
    '',
  ],
  [
    'pooled uuid (instead of crypto.randomUUID)',
    'core/uuid.ts',
    'export const uuid = (): string => {',
    'export const uuid = (): string => crypto.randomUUID();\nexport const pooled = (): string => {',
  ],
  ['page-leave delivery (beacons)', 'transport/transport.ts', '  onLeave(\n', '  if (0) onLeave(\n'],
  [
    'route watch (no route change lost while page views load)',
    'core/tracker.ts',
    "watchHistory(w, (href, title) => mods._hook('route', href, title));",
    'void watchHistory;',
  ],
  [
    'identify() user cap (4,096 chars)',
    'core/identity.ts',
    'export function capUser(user: User): [User, boolean] {',
    'export function capUser(user: User): [User, boolean] {\n  return [user, false];',
  ],
  [
    'prototype-proof JSON writer',
    'protocol/json.ts',
    'export function stringify',
    'export const stringify = JSON.stringify;\nexport function unused',
  ],
  [
    "Richpanel's stored user (rpuid, userProperties)",
    'core/identity.ts',
    '_user: storage && mine ? storedUser(storage) : null,',
    '_user: null, //',
  ],
  [
    'method guard (nothing throws into the page)',
    'core/tracker.ts',
    "  for (const name of METHODS) out[name] = wrap(name, api[name]);\n  out._call = wrap('call', api._call);",
    'void wrap; void out;',
  ],
  ['debug warnings on the console', 'core/log.ts', 'console.warn(', '((..._a: unknown[]) => 0)('],
  [
    "Richpanel's cookies (rpdid, rpsid, rptkn)",
    'core/identity.ts',
    "      put('rpdid', id._did);\n      writeCookie(w, 'rpsid', id._sid, SESSION_TIMEOUT_MS / 1000);\n      put('rptkn', apiKey);",
    'void put;',
  ],
];

/** Builds the core from `dir` (a copy of the project) and returns its bytes. */
async function buildCore(dir) {
  const { loadConfigFile } = await import('rollup/loadConfigFile');
  const { rollup } = await import('rollup');
  process.chdir(dir);
  const { options } = await loadConfigFile(join(dir, 'rollup.config.mjs'), {}, true);
  const core = options.find((o) => o.input === 'src/core/main.ts');
  const bundle = await rollup({ ...core, plugins: core.plugins.filter((p) => p.name !== 'snippet-file') });
  try {
    const { output } = await bundle.generate(core.output[0]);
    return output[0].code;
  } finally {
    await bundle.close();
  }
}

if (!existsSync(join(ROOT, 'dist', 'richpanel.modules.min.js'))) {
  console.error('dist/ has no module files: run `npm run build` first');
  process.exit(1);
}
const dir = mkdtempSync(join(tmpdir(), 'cartbeacon-costs-'));
try {
  for (const f of [
    'src',
    'scripts',
    'dist',
    'package.json',
    'rollup.config.mjs',
    'tsconfig.json',
    'tsconfig.browser.json',
  ])
    cpSync(join(ROOT, f), join(dir, f), { recursive: true });
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  const base = sizes(await buildCore(dir)).gzip;
  console.log(`core as built: ${base} B gzip\n\n| without | gzip | saved |\n|---|---:|---:|`);
  for (const [name, ...edits] of WITHOUT) {
    /** path → [the source, the text with this row's edits] (edits to one file apply in turn) */
    const files = new Map();
    let stale;
    for (let i = 0; i < edits.length; i += 3) {
      const path = join(dir, 'src', edits[i]);
      const [source, text] = files.get(path) ?? [readFileSync(path, 'utf8')];
      const current = text ?? source;
      if (!current.includes(edits[i + 1])) stale ??= edits[i];
      files.set(path, [source, current.replace(edits[i + 1], edits[i + 2])]);
    }
    if (stale) {
      console.log(`| ${name} | stale: a patch's text is no longer in src/${stale} | |`);
      continue;
    }
    try {
      for (const [path, [, text]] of files) writeFileSync(path, text);
      const gzip = sizes(await buildCore(dir)).gzip;
      console.log(`| ${name} | ${gzip.toLocaleString('en-US')} B | ${base - gzip} B |`);
    } catch (e) {
      console.log(`| ${name} | does not build: ${String(e.message).split('\n')[0]} | |`);
    } finally {
      for (const [path, [source]] of files) writeFileSync(path, source);
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
