// @vitest-environment happy-dom
// The Vue plugin and useTracker() in a browser: one tracker per app, the same in every component,
// hydration of the server markup without a mismatch.
import { createApp, createSSRApp, defineComponent, h, onMounted } from 'vue';
import { renderToString } from 'vue/server-renderer';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as core from '../../src/index.js';
import type { Tracker } from '../../src/index.js';
import cartbeacon, { useTracker } from '../../src/vue/index.js';
import { env, events, useTrackerEnv } from '../core/tracker-env.js';

vi.mock('../../src/index.js', async (actual) => {
  const mod = await actual<typeof import('../../src/index.js')>();
  return { ...mod, createTracker: vi.fn(mod.createTracker) };
});

useTrackerEnv();
afterEach(() => {
  document.body.innerHTML = '';
  vi.mocked(core.createTracker).mockClear();
});

const options = () => ({ apiKey: env.key, host: 'http://collector.test' });
const mountPoint = () => document.body.appendChild(document.createElement('div'));

describe('app.use(cartbeacon, options)', () => {
  it('creates one tracker for the app with the options, the same one in every component', async () => {
    const seen: Tracker[] = [];
    const Child = defineComponent({
      setup() {
        const tracker = useTracker();
        seen.push(tracker);
        onMounted(() => tracker.track('view_product', { id: 'p1', price: 19 }));
        return () => h('p', 'Tee');
      },
    });
    const App = defineComponent({
      setup() {
        seen.push(useTracker());
        return () => h('main', [h(Child), h(Child)]);
      },
    });
    const app = createApp(App).use(cartbeacon, options());
    app.mount(mountPoint());
    expect(core.createTracker).toHaveBeenCalledTimes(1);
    expect(core.createTracker).toHaveBeenCalledWith(options());
    expect(seen).toHaveLength(3);
    expect(new Set(seen).size).toBe(1);
    expect(await seen[0]!.flush()).toBe(true);
    expect(events().map((e) => [e.event, e.properties])).toEqual([
      ['view_product', { id: 'p1', price: 19 }],
      ['view_product', { id: 'p1', price: 19 }],
    ]);
    app.unmount();

    const other: Tracker[] = [];
    const Other = defineComponent({
      setup() {
        other.push(useTracker());
        return () => null;
      },
    });
    createApp(Other).use(cartbeacon, options()).mount(mountPoint());
    expect(other[0]).not.toBe(seen[0]);
  });

  it('hydrates the server markup without a mismatch', async () => {
    const App = defineComponent({
      setup() {
        const tracker = useTracker();
        onMounted(() => tracker.track('page_view'));
        return () => h('main', [h('h1', 'Shop')]);
      },
    });
    const el = mountPoint();
    el.innerHTML = await renderToString(createSSRApp(App).use(cartbeacon, options()));
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    const app = createSSRApp(App).use(cartbeacon, options());
    app.mount(el);
    expect(el.innerHTML).toBe('<main><h1>Shop</h1></main>');
    expect([...warn.mock.calls, ...error.mock.calls]).toEqual([]);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(events().map((e) => e.event)).toEqual(['page_view']);
    app.unmount();
  });

  it('throws a clear error when useTracker() runs in an app without the plugin', () => {
    const Orphan = defineComponent({
      setup() {
        useTracker();
        return () => null;
      },
    });
    const app = createApp(Orphan);
    const errors: unknown[] = [];
    app.config.errorHandler = (e) => void errors.push(e);
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    app.mount(mountPoint());
    expect(String(errors[0])).toContain('useTracker() needs app.use(cartbeacon, { apiKey })');
  });
});
