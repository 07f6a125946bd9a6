// The demo shop's chat and events share one visitor: the dev server's stand-in for Richpanel's
// messenger, loaded by the core's `messenger` option, shows the `did` the shop's events carry.
import { expect, test } from '@playwright/test';
import { startCollector } from '../../src/collector/index.js';

test("the chat bubble shows the did and the API key that the shop's events carry", async ({ page }) => {
  const collector = await startCollector({ apiKey: 'demo-shop-key', secret: 'demo-secret', demo: true });
  try {
    const messengerLoads: string[] = [];
    page.on('request', (r) => {
      if (r.url().endsWith('/demo/messenger.js')) messengerLoads.push(r.url());
    });
    await page.goto(`${collector.url}/`);
    await page.getByRole('button', { name: 'Accept' }).click(); // the messenger waits for consent
    const bubble = page.getByRole('button', { name: 'Open chat' });
    await bubble.click();
    const did = page.locator('[data-messenger="did"]');
    await expect(did).toHaveText(/^[\w-]{8,}$/);
    await expect(page.locator('[data-messenger="app"]')).toHaveText('demo-shop-key');
    const [view] = await collector.waitForEvents(1, { name: 'page_view' });
    expect(view?.event.did).toBe(await did.textContent());
    expect(messengerLoads).toEqual([`${collector.url}/demo/messenger.js`]);
  } finally {
    await collector.close();
  }
});
