// Emits type declarations with tsc into dist/types and writes the entry .d.ts files the package
// exports point at (rollup builds the JavaScript; tsc is the source of truth for types). The
// options are tsconfig.json's, plus declaration output for the public entries only.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const ENTRIES = ['index', 'server', 'snippet', 'proxy', 'react/index', 'vue/index', 'testing'];
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const { compilerOptions } = JSON.parse(readFileSync('tsconfig.json', 'utf8'));
const flags = Object.entries({ ...compilerOptions, noEmit: false }).flatMap(([name, value]) =>
  Array.isArray(value) ? [`--${name}`, value.join(',')] : [`--${name}`, String(value)],
);
execFileSync(
  process.execPath,
  [
    tsc,
    ...flags,
    '--declaration',
    '--emitDeclarationOnly',
    '--stripInternal',
    '--outDir',
    'dist/types',
    '--rootDir',
    'src',
    ...ENTRIES.map((name) => `src/${name}.ts`),
    'src/env.d.ts',
  ],
  { stdio: 'inherit' },
);
for (const name of ENTRIES) {
  // `react/index` is exported as `cartbeacon/react`: dist/react.d.ts. `export *` skips a default export.
  const types = `./types/${name}.js`;
  const hasDefault = /export \{[^}]*\bdefault\b|export default/.test(readFileSync(`dist/types/${name}.d.ts`, 'utf8'));
  const lines = [`export * from '${types}';`, ...(hasDefault ? [`export { default } from '${types}';`] : [])];
  writeFileSync(`dist/${name.replace(/\/index$/, '')}.d.ts`, `${lines.join('\n')}\n`);
}
