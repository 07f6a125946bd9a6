// Where the package's own files are, from source (vitest) and from the bundled CLI alike.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

let root: string | undefined;

/** The folder of cartbeacon's package.json, found by walking up from this module. */
export function packageRoot(): string {
  if (root) return root;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      try {
        if ((JSON.parse(readFileSync(file, 'utf8')) as { name?: unknown }).name === 'cartbeacon') {
          root = dir;
          return root;
        }
      } catch {
        // not ours: keep walking
      }
    }
    const up = dirname(dir);
    if (up === dir) {
      root = resolve('.');
      return root;
    }
    dir = up;
  }
}

export const distFile = (name: string): string => join(packageRoot(), 'dist', name);
export const demoDir = (): string => join(packageRoot(), 'demo');
