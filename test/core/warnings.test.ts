// Every debug code is explained in the README, with the meaning its doc comment gives.
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import * as codes from '../../src/transport/warnings.js';

it('lists every debug code in the README, each number once', () => {
  const readme = readFileSync('README.md', 'utf8');
  const numbers = Object.values(codes);
  expect(new Set(numbers).size).toBe(numbers.length);
  for (const n of numbers) expect(readme, `W${n}`).toMatch(new RegExp(`^\\| \`W${n}\` \\| .+ \\|$`, 'm'));
  const listed = [...readme.matchAll(/^\| `W(\d+)` \|/gm)].map((m) => Number(m[1]));
  expect(listed.sort((a, b) => a - b)).toEqual([...numbers].sort((a, b) => a - b));
});
