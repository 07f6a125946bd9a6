// `npm start`: builds what is missing or stale, then runs `cartbeacon dev` (collector, viewer, demo).
// Flags after `npm start --` go to `cartbeacon dev`, e.g. `npm start -- --fail-rate 0.3`.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const at = (...parts) => join(root, ...parts);

/** What `cartbeacon dev` serves: the CLI itself, the core, the snippet and the npm build for the demo. */
const OUTPUTS = ['dist/cli.mjs', 'dist/richpanel.min.js', 'dist/snippet.min.js', 'dist/index.mjs'];
const INPUTS = ['src', 'rollup.config.mjs', 'package.json', 'tsconfig.json'];

function newestMtime(path) {
  const info = statSync(path);
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

function buildReason() {
  const missing = OUTPUTS.filter((file) => !existsSync(at(file)));
  if (missing.length > 0) return `${missing.join(', ')} missing`;
  const built = Math.min(...OUTPUTS.map((file) => statSync(at(file)).mtimeMs));
  const changed = INPUTS.filter((input) => existsSync(at(input)) && newestMtime(at(input)) > built);
  return changed.length > 0 ? `${changed.join(', ')} changed since the last build` : undefined;
}

const reason = buildReason();
if (reason) {
  console.log(`cartbeacon: building (${reason})…`);
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const build = spawnSync(npm, ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) {
    console.error('cartbeacon: the build failed (see above); fix it and run npm start again.');
    process.exit(build.status ?? 1);
  }
}

const child = spawn(process.execPath, [at('dist/cli.mjs'), 'dev', ...process.argv.slice(2)], {
  cwd: process.cwd(),
  stdio: 'inherit',
});
// Ctrl-C reaches the whole process group: the dev server stops itself; this process waits for it.
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    if (signal === 'SIGTERM') child.kill('SIGTERM');
  });
}
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
