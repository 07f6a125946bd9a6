// Automatic page views for single-page storefronts (issue 13) in Chromium.
import { test, expect, names } from './fixtures.js';

test("pageViews: 'history' sends one page_view per path or query change, none for hash or scroll replaceState", async ({
  page,
  collector,
}) => {
  const opts = encodeURIComponent(JSON.stringify({ host: 'origin', pageViews: 'history' }));
  await page.goto(`${collector.url}/drop-in.html?opts=${opts}`);
  await page.waitForFunction(() => (window as unknown as { richpanel?: { live?: boolean } }).richpanel?.live === true);
  await page.evaluate(async () => {
    const tick = () => new Promise((r) => setTimeout(r, 20));
    history.pushState({}, '', '/products/shoe');
    document.title = 'Shoe';
    await tick();
    history.replaceState({ scrollY: 300 }, '', '/products/shoe');
    await tick();
    location.hash = 'reviews';
    await tick();
    history.pushState({}, '', '/search?q=red');
    await tick();
    history.back();
    await tick();
  });
  await collector.waitForEvents(4);
  await page.waitForTimeout(1_500);
  const views = collector.events.filter((e) => e.name === 'page_view');
  expect(names(views)).toHaveLength(4);
  const props = views.map((e) => e.event.properties as { path: string; referrer: string; url: string });
  expect(props.map((p) => p.path)).toEqual(['/drop-in.html', '/products/shoe', '/search', '/products/shoe']);
  expect(props[2]!.referrer).toBe(`${collector.url}/products/shoe`);
  expect(props[2]!.url).toBe(`${collector.url}/search?q=red`);
  expect((views[2]!.event.context as { page: { path: string } }).page.path).toBe('/search');
});
