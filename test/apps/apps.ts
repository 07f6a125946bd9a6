// The framework apps of the test suite: where each lives, how it is built, checked and started.
// Each has its own package.json + package-lock.json (installed with `npm ci` from the registry) and
// gets cartbeacon from the packed tarball (prepare.ts).
import { join } from 'node:path';

export const APPS_DIR = import.meta.dirname;
/** Ignored by git: the tarball and the build stamps (the apps' node_modules and builds sit in their folders). */
export const CACHE_DIR = join(APPS_DIR, '.cache');

export interface AppSpec {
  name: string;
  dir: string;
  /** npm scripts of the app. */
  build: string;
  typecheck: string;
  /** A file the build writes last: no build without it. */
  output: string;
  /** Folders the build writes (not hashed as the build's input). */
  generated: string[];
}

export const APPS: AppSpec[] = [
  {
    name: 'next',
    dir: join(APPS_DIR, 'next'),
    build: 'build',
    typecheck: 'typecheck',
    output: '.next/BUILD_ID',
    generated: ['.next', 'next-env.d.ts'],
  },
  {
    name: 'vue',
    dir: join(APPS_DIR, 'vue'),
    build: 'build',
    typecheck: 'typecheck',
    output: 'dist/server/entry-server.js',
    generated: ['dist'],
  },
];

/** The environment of the apps' npm and Node processes: no npm_* of the outer `npm test`, no telemetry. */
export function appEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('npm_')));
  return { ...env, NEXT_TELEMETRY_DISABLED: '1', ...extra };
}
