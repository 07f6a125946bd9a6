// Byte budgets of what ships, checked by `npm test` (bytes are deterministic; timings live in the
// bench). Prints every figure and fails when a file passes its budget. README figures come from here.
import { readFileSync } from 'node:fs';
import { gzipSync, brotliCompressSync } from 'node:zlib';

export const BUDGETS = [
  // The documented Richpanel stub is 515 bytes and stubs three methods; ours stubs six.
  { file: 'dist/snippet.min.js', limit: 600, measure: 'raw' },
  // The core: a Segment-class feature set at a Plausible-class size.
  { file: 'dist/richpanel.min.js', limit: 5_120, measure: 'gzip' },
];

let failed = false;
const readme = readFileSync('README.md', 'utf8');
const fmt = (n) => n.toLocaleString('en-US');
for (const { file, limit, measure } of BUDGETS) {
  const bytes = readFileSync(file);
  const sizes = {
    raw: bytes.length,
    gzip: gzipSync(bytes, { level: 9 }).length,
    brotli: brotliCompressSync(bytes).length,
  };
  const ok = sizes[measure] <= limit;
  failed ||= !ok;
  console.log(
    `${ok ? 'ok  ' : 'FAIL'} ${file}: ${sizes.raw} B raw, ${sizes.gzip} B gzip, ${sizes.brotli} B brotli ` +
      `(budget ${limit} B ${measure})`,
  );
  // The README's size table must show these very numbers.
  const row = readme.split('\n').find((line) => line.startsWith(`| \`${file}\``));
  const want = `| ${fmt(sizes.raw)} B | ${fmt(sizes.gzip)} B | ${fmt(sizes.brotli)} B |`;
  if (!row || !row.includes(want)) {
    failed = true;
    console.log(`FAIL README.md's size table must say ${want} for ${file}; it says: ${row ?? '(no row)'}`);
  }
}
// The snippet on the README's first screen must be the one that ships.
if (!readme.includes(readFileSync('dist/snippet.min.js', 'utf8').trim())) {
  failed = true;
  console.log('FAIL README.md must show dist/snippet.min.js as built');
}
if (failed) {
  console.error('size: a file is over its budget, or README.md does not match the build');
  process.exit(1);
}
