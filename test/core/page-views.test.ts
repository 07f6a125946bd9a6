// @vitest-environment happy-dom
// Automatic page views on history changes (pageViews: 'history').
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { pageViews } from '../../src/modules/index.js';
import { events, tracker, useTrackerEnv } from './tracker-env.js';

useTrackerEnv();

beforeEach(() => {
  history.replaceState({}, '', '/');
  document.title = 'Home';
});

const views = () => events().filter((e) => e.event === 'page_view');

describe("pageViews: 'history'", () => {
  it('sends one page_view on start and one per path or query change, with the previous page as referrer', async () => {
    const t = tracker({ pageViews: 'history', use: [pageViews()] });
    history.pushState({}, '', '/products/shoe');
    document.title = 'Shoe';
    vi.advanceTimersByTime(0);
    history.replaceState({ scroll: 120 }, '', '/products/shoe'); // a router saving the scroll position
    vi.advanceTimersByTime(0);
    history.pushState({}, '', '/products/shoe#reviews'); // hash only
    vi.advanceTimersByTime(0);
    history.pushState({}, '', '/search?q=red');
    vi.advanceTimersByTime(0);
    history.back(); // popstate (happy-dom dispatches it)
    await vi.advanceTimersByTimeAsync(10);
    await t.flush();
    const got = views();
    expect(got.map((e) => e.properties!.path)).toEqual(['/', '/products/shoe', '/search', '/products/shoe']);
    const origin = location.origin;
    expect(got[1]!.properties).toEqual({
      url: origin + '/products/shoe',
      path: '/products/shoe',
      title: 'Shoe',
      referrer: origin + '/',
    });
    expect(got[2]!.properties!.url).toBe(origin + '/search?q=red');
    expect(got[2]!.properties!.referrer).toBe(origin + '/products/shoe');
    // the event's context is the new page
    expect((got[2]!.context as { page: { path: string } }).page.path).toBe('/search');
  });

  it('never sends twice in a row for the same path and query', async () => {
    const t = tracker({ pageViews: 'history', use: [pageViews()] });
    for (let i = 0; i < 5; i++) history.replaceState({ i }, '', '/');
    history.pushState({}, '', '/?a=1');
    history.replaceState({}, '', '/?a=1');
    await vi.advanceTimersByTimeAsync(10);
    await t.flush();
    expect(views().map((e) => e.properties!.url)).toEqual([location.origin + '/', location.origin + '/?a=1']);
  });

  it('is turned on by its module alone (npm: `use: [pageViews()]`)', async () => {
    const t = tracker({ use: [pageViews()] });
    await t.flush();
    expect(views().map((e) => e.properties!.path)).toEqual(['/']);
  });

  it('sends none, with W30 in debug mode, when the option is on but its module was not given (npm)', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const t = tracker({ pageViews: 'history' });
    t.debug(true);
    history.pushState({}, '', '/elsewhere');
    await vi.advanceTimersByTimeAsync(10);
    await t.flush();
    expect(views()).toEqual([]);
    expect(warn).toHaveBeenCalledWith('[cartbeacon] W30', '×1');
  });

  it('is off by default', async () => {
    const t = tracker();
    history.pushState({}, '', '/elsewhere');
    await vi.advanceTimersByTimeAsync(10);
    t.track('x');
    await t.flush();
    expect(views()).toEqual([]);
  });

  it("reads every event's context.page when the event is made", async () => {
    const t = tracker();
    t.track('a');
    history.pushState({}, '', '/next?x=1');
    t.track('b');
    await t.flush();
    const pages = events().map((e) => (e.context as { page: { path: string; qs: object } }).page);
    expect(pages.map((p) => [p.path, p.qs])).toEqual([
      ['/', {}],
      ['/next', { x: '1' }],
    ]);
  });
});
