// Every public type and member of every package entry has a doc comment, read where users read it:
// the built declaration files (dist/*.d.ts, which `npm test` builds before the unit tests).
// How generated snake_case fields are judged: see ./undocumented.ts.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { expect, it } from 'vitest';
import { builtFile } from '../server/built.js';
import { undocumented } from './undocumented.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const pkg = JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8')) as { exports: Record<string, { types?: string }> };
const entries = Object.values(pkg.exports).flatMap((target) =>
  typeof target === 'object' && target.types ? [builtFile(target.types.replace(/^\.\/dist\//, ''))] : [],
);

it('reads the declarations of every entry the package exports', () => {
  expect(entries.map((path) => path.slice(ROOT.length)).sort()).toEqual(
    ['index', 'proxy', 'react', 'server', 'snippet', 'testing', 'vue'].map((name) => `dist/${name}.d.ts`),
  );
});

it('documents every public type and member of every entry', () => {
  const program = ts.createProgram(entries, { strict: true, skipLibCheck: true, noEmit: true });
  const missing = undocumented(program, entries, (file) => file.startsWith(`${ROOT}dist/`));
  expect(missing.map((line) => line.slice(ROOT.length))).toEqual([]);
});
