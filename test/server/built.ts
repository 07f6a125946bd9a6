// The built artifacts these tests run (npm test builds before the unit tests).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export function builtFile(name: string): string {
  const path = `${ROOT}dist/${name}`;
  if (!existsSync(path)) throw new Error(`${path} is missing: run "npm run build" (npm test does) before these tests`);
  return path;
}
