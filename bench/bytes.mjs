// Byte figures: what ships (raw, gzip -9, brotli), and what a bundler keeps of the npm entry —
// measured by scripts/sizes.mjs, the same code as the byte budgets of `npm test`.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, measureEntries, sizes } from '../scripts/sizes.mjs';

export { sizes };

export async function byteFigures() {
  return {
    ...(await measureEntries()),
    documentedSnippet: sizes(readFileSync(join(ROOT, 'bench', 'documented', 'snippet.js'))),
  };
}
