// @vitest-environment node
// Server-side rendering: the npm entry is imported where there is no window, document or storage.
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..') + '/';
function built(file: string): string {
  if (!existsSync(ROOT + file)) execSync('npx rollup -c --silent', { cwd: ROOT, stdio: 'ignore' });
  return ROOT + file;
}

type Entry = {
  createTracker: (c: { apiKey: string; host?: string }) => Record<string, (...a: unknown[]) => unknown>;
  DEFAULT_HOST: string;
};

const entries: [string, () => Promise<Entry>][] = [
  ['src/index.ts', async () => (await import('../../src/index.js')) as unknown as Entry],
  ['dist/index.mjs', async () => (await import(/* @vite-ignore */ built('dist/index.mjs'))) as Entry],
  ['dist/index.cjs', async () => createRequire(import.meta.url)(built('dist/index.cjs')) as Entry],
];

afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

describe.each(entries)('importing %s under Node', (_, load) => {
  it('runs without a window', async () => {
    expect(typeof (globalThis as { window?: unknown }).window).toBe('undefined');
    const mod = await load();
    expect(typeof mod.createTracker).toBe('function');
    expect(mod.DEFAULT_HOST).toBe('https://api.richpanel.com');
  });

  it('gives a tracker whose calls are silent no-ops and whose flush() resolves', async () => {
    const fetchMock = vi.fn();
    vi.stubGlobal('fetch', fetchMock);
    vi.useFakeTimers();
    const { createTracker } = await load();
    const t = createTracker({ apiKey: 'k' });
    expect(() => {
      t.track!('page_view', { a: 1 });
      t.track!('order', null, false, new Date(), 'id');
      t.identify!('42', { email: 'a@b.c' });
      t.identify!(null);
      t.debug!(true);
      t.atr!('onload', () => {});
      t.logout!();
    }).not.toThrow();
    await expect(t.flush!()).resolves.toBe(true);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(fetchMock).not.toHaveBeenCalled();
    expect(vi.getTimerCount()).toBe(0);
  });
});
