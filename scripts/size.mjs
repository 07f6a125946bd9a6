// Byte budgets of every browser entry, checked by `npm test` (bytes are deterministic; timings live
// in the bench). Prints every figure and fails when an entry passes its budget or when README.md's
// size table does not show these very numbers. `node scripts/size.mjs --write` rewrites that table.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sri } from './integrity.mjs';
import { ROOT, measureEntries } from './sizes.mjs';

export const BUDGETS = [
  // The documented Richpanel stub is 515 bytes and stubs three methods; ours stubs seven and keeps
  // two of them out of Richpanel's replay loop.
  { entry: 'snippet', label: '`dist/snippet.min.js` (the loader above)', limit: 600, measure: 'raw' },
  // The core with every feature (drop-in, consent, page views, messenger, single wire, hardening):
  // 5,872 B until the second hardening pass (issue 24), which added 314 B (own base64, known-good
  // fetch/sendBeacon, all-or-nothing start-up, records kept past a broken parser, order-first caps,
  // beacons resent by their page) and raised it by exactly what that needed: no headroom, so any
  // growth is a decision. The aim is 4,096 B (a later issue moves optional capabilities out to
  // reach 5,400 B); the README's performance section says what the size work bought.
  { entry: 'core', label: '`dist/richpanel.min.js` (the core)', limit: 6_127, measure: 'gzip' },
  // What a bundler keeps of `import { createTracker } from 'cartbeacon'` (scripts/consumer.mjs);
  // raised with the core by issue 24 (+284 B), to exactly what it needed.
  { entry: 'npm', label: '`cartbeacon` npm entry, `createTracker` tree-shaken', limit: 6_248, measure: 'gzip' },
  // The adapters are thin: what they add on top of the npm entry, minified.
  { entry: 'react', label: '`cartbeacon/react` on top of the npm entry', limit: 640, measure: 'gzip' },
  { entry: 'vue', label: '`cartbeacon/vue` on top of the npm entry', limit: 320, measure: 'gzip' },
];

const fmt = (n) => n.toLocaleString('en-US');
const START = '<!-- sizes:start -->';
const END = '<!-- sizes:end -->';

const measured = await measureEntries();
let failed = false;
const rows = [];
for (const { entry, label, limit, measure } of BUDGETS) {
  const s = measured[entry];
  const ok = s[measure] <= limit;
  failed ||= !ok;
  console.log(
    `${ok ? 'ok  ' : 'FAIL'} ${entry}: ${s.raw} B raw, ${s.gzip} B gzip, ${s.brotli} B brotli (budget ${limit} B ${measure})`,
  );
  rows.push(`| ${label} | ${fmt(s.raw)} B | ${fmt(s.gzip)} B | ${fmt(s.brotli)} B | ${fmt(limit)} B ${measure} |`);
}
const table = [
  START,
  '| file | raw | gzip | brotli | budget (checked by `npm test`) |',
  '|---|---|---|---|---|',
  ...rows,
  '',
  `SRI hash of this build's core (also in \`dist/integrity.json\`): \`${sri('dist/richpanel.min.js')}\``,
  END,
].join('\n');

const readmePath = join(ROOT, 'README.md');
let readme = readFileSync(readmePath, 'utf8');
const from = readme.indexOf(START);
const to = readme.indexOf(END) + END.length;
if (process.argv.includes('--write')) {
  readme = readme.slice(0, from) + table + readme.slice(to);
  writeFileSync(readmePath, readme);
  console.log('README.md: size table written');
} else if (from < 0 || readme.slice(from, to) !== table) {
  failed = true;
  console.log("FAIL README.md's size table does not show these figures: run `node scripts/size.mjs --write`");
}
// The snippet on the README's first screen must be the one that ships.
if (!readme.includes(readFileSync(join(ROOT, 'dist', 'snippet.min.js'), 'utf8').trim())) {
  failed = true;
  console.log('FAIL README.md must show dist/snippet.min.js as built');
}
if (failed) {
  console.error('size: an entry is over its budget, or README.md does not match the build');
  process.exit(1);
}
