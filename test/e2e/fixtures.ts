// Shared fixture for browser specs: a real collector (src/collector) on 127.0.0.1, serving the test
// pages and the built dist/ files, so every spec tests what ships.
import { test as base, expect } from '@playwright/test';
import type { Page } from '@playwright/test';
import { startCollector } from '../../src/collector/index.js';
import type { RunningCollector, StoredEvent } from '../../src/collector/index.js';

export const KEY = 'e2e-key';
export const SECRET = 'e2e-secret';

export const test = base.extend<{ collector: RunningCollector }>({
  // biome-ignore lint/correctness/noEmptyPattern: Playwright reads a fixture's dependencies from this pattern
  collector: async ({}, use) => {
    const collector = await startCollector({
      apiKey: KEY,
      secret: SECRET,
      static: { '/': 'test/e2e/pages', '/dist/': 'dist' },
    });
    await use(collector);
    await collector.close();
  },
});
export { expect };

/** Opens a test page of the collector and waits until the core has replaced the stub. */
export async function open(page: Page, collector: RunningCollector, path = '/shop.html'): Promise<void> {
  await page.goto(collector.url + path);
  await page.waitForFunction(() => (window as unknown as { richpanel?: { live?: boolean } }).richpanel?.live === true);
}

/** Names of the stored events, in arrival order. */
export const names = (events: StoredEvent[]): string[] => events.map((e) => e.name);

/** Event ids carried by requests the collector answered with 2xx. */
export function deliveredIds(collector: RunningCollector): string[] {
  return collector.requests.filter((r) => r.status >= 200 && r.status < 300).flatMap((r) => r.eventIds);
}

/** Fails when an id occurs twice. */
export function expectUnique(ids: string[]): void {
  const seen = new Set<string>();
  const twice = ids.filter((id) => {
    if (seen.has(id)) return true;
    seen.add(id);
    return false;
  });
  expect(twice).toEqual([]);
}
