// Emits type declarations with tsc into dist/types and writes the entry .d.ts files the package
// exports point at (rollup builds the JavaScript; tsc is the source of truth for types).
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
for (const name of ['index', 'server', 'snippet']) {
  writeFileSync(`dist/${name}.d.ts`, `export * from './types/${name}.js';\n`);
}
