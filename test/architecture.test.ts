// ARCHITECTURE.md's code map matches the tree: every entry under src/ is named, and every src/ path
// it names exists.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { expect, it } from 'vitest';

const doc = readFileSync('ARCHITECTURE.md', 'utf8');
const named = [...doc.matchAll(/`(src\/[^`\s|]+)`/g)].map((m) => m[1]!.replace(/\/$/, ''));

it('names every folder and file at the top of src/', () => {
  const missing = readdirSync('src')
    .map((entry) => `src/${entry}`)
    .filter((path) => !named.some((n) => n === path || n.startsWith(`${path}/`)));
  expect(missing).toEqual([]);
});

it('names only paths that exist', () => {
  expect(named.filter((path) => !existsSync(path))).toEqual([]);
});
