// Playwright global set-up of the app tests: packs cartbeacon as it would be published (`npm pack`
// of the built dist/), installs each app's own locked dependencies (`npm ci`, skipped while the lock is
// unchanged), puts the tarball's files in the app's node_modules/cartbeacon, and builds the app
// (skipped while neither the app's sources nor the tarball changed). Everything stays in the repo's
// ignored folders: test/apps/.cache, test/apps/*/node_modules, .next, dist.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { APPS, APPS_DIR, CACHE_DIR, appEnv } from './apps.js';
import type { AppSpec } from './apps.js';

const ROOT = join(APPS_DIR, '..', '..');
const sha = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

function run(what: string, cmd: string, args: string[], cwd: string): string {
  const started = Date.now();
  const result = spawnSync(cmd, args, { cwd, env: appEnv(), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (result.status !== 0) {
    throw new Error(
      `${what} failed (${cmd} ${args.join(' ')} in ${relative(ROOT, cwd)}):\n${result.stdout}\n${result.stderr}`,
    );
  }
  console.log(`apps: ${what} (${seconds} s)`);
  return result.stdout;
}

/** `npm pack` of the repository: the tarball users install. */
function pack(): string {
  if (!existsSync(join(ROOT, 'dist', 'index.mjs'))) throw new Error('dist/ is missing: run `npm run build` first');
  mkdirSync(CACHE_DIR, { recursive: true });
  const out = run('npm pack', 'npm', ['pack', '--silent', '--pack-destination', CACHE_DIR], ROOT);
  return join(CACHE_DIR, out.trim().split('\n').pop()!);
}

/** Every file of the app that is not installed or generated, for the build stamp. */
function sourceHash(app: AppSpec, tarball: string): string {
  const skip = new Set(['node_modules', ...app.generated]);
  const hash = createHash('sha256').update(readFileSync(tarball));
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      if (skip.has(relative(app.dir, join(dir, name)))) continue;
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else hash.update(relative(app.dir, path)).update('\0').update(readFileSync(path)).update('\0');
    }
  };
  walk(app.dir);
  return hash.digest('hex');
}

function prepareApp(app: AppSpec, tarball: string): void {
  // 1. The framework's dependencies, from the app's own lock (the registry on a fresh clone).
  const lockStamp = join(app.dir, 'node_modules', '.cartbeacon-lock');
  const lock = sha(readFileSync(join(app.dir, 'package-lock.json')));
  if (!existsSync(lockStamp) || readFileSync(lockStamp, 'utf8') !== lock) {
    run(`npm ci (${app.name})`, 'npm', ['ci', '--no-audit', '--no-fund'], app.dir);
    writeFileSync(lockStamp, lock);
  }
  // 2. cartbeacon as published: the tarball's files, unpacked where npm would put them. `npm install
  //    <tarball>` would write the tarball's path and hash into the committed package.json and lock.
  const target = join(app.dir, 'node_modules', 'cartbeacon');
  rmSync(target, { recursive: true, force: true });
  mkdirSync(target);
  run(`unpack the tarball (${app.name})`, 'tar', ['-xzf', tarball, '-C', target, '--strip-components=1'], app.dir);
  // 3. The production build, unless this very input was built already.
  const buildStamp = join(CACHE_DIR, `${app.name}.build`);
  const input = sourceHash(app, tarball);
  const built = existsSync(join(app.dir, app.output)) && existsSync(buildStamp);
  if (built && readFileSync(buildStamp, 'utf8') === input) {
    console.log(`apps: ${app.name} build is up to date`);
    return;
  }
  rmSync(buildStamp, { force: true });
  run(`build (${app.name})`, 'npm', ['run', app.build], app.dir);
  writeFileSync(buildStamp, input);
}

export default function prepare(): void {
  const tarball = pack();
  for (const app of APPS) prepareApp(app, tarball);
}
