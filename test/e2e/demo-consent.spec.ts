// The demo shop's consent banner (npm start): the three states as the viewer's API shows them.
import { expect, test } from '@playwright/test';
import { startCollector } from '../../src/collector/index.js';

test('the demo shop sends nothing until the banner is answered, what waited once accepted, nothing once refused', async ({
  browser,
}) => {
  const collector = await startCollector({ apiKey: 'demo-shop-key', secret: 'demo-secret', demo: true });
  try {
    // pending: browse two pages, nothing stored or sent
    const visitor = await browser.newPage();
    await visitor.goto(`${collector.url}/`);
    await expect(visitor.getByTestId('consent-state')).toHaveText('pending');
    await visitor.getByRole('link', { name: /Linen Shirt/ }).click();
    await visitor.waitForTimeout(2_000);
    expect(collector.events).toEqual([]);
    expect(await visitor.context().cookies()).toEqual([]);
    // accepted: this page's waiting events arrive (the home page's were never stored: it was left
    // before the answer, and nothing may be stored before consent), later ones too
    await visitor.getByRole('button', { name: 'Accept' }).click();
    await expect.poll(() => collector.events.map((e) => e.name)).toEqual(['page_view', 'view_product']);
    await visitor.goto(`${collector.url}/cart.html`);
    await expect(visitor.locator('.consent')).toBeHidden();
    await expect.poll(() => collector.events.length).toBe(4);
    // refused (another visitor): nothing arrives
    const other = await (await browser.newContext()).newPage();
    await other.goto(`${collector.url}/`);
    await other.getByRole('button', { name: 'Refuse' }).click();
    await other.goto(`${collector.url}/cart.html`);
    await other.waitForTimeout(2_000);
    expect(collector.events).toHaveLength(4);
    expect((await other.context().cookies()).map((c) => `${c.name}=${c.value}`)).toEqual(['cb_consent=denied']);
  } finally {
    await collector.close();
  }
});
