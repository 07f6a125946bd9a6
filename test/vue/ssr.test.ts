// @vitest-environment node
// Server rendering with the Vue plugin: no window, no tracker, no timers; every call a no-op.
import { createSSRApp, defineComponent, h } from 'vue';
import { renderToString } from 'vue/server-renderer';
import { describe, expect, it, vi } from 'vitest';
import type { Tracker } from '../../src/index.js';
import cartbeacon, { useTracker } from '../../src/vue/index.js';

describe('the Vue plugin on the server', () => {
  it('renders the app only, and the tracker it gives is a silent no-op whose flush() resolves', async () => {
    const fetchMock = vi.fn();
    vi.stubGlobal('fetch', fetchMock);
    vi.useFakeTimers();
    try {
      expect(typeof (globalThis as { window?: unknown }).window).toBe('undefined');
      let tracker: Tracker | undefined;
      const App = defineComponent({
        setup() {
          tracker = useTracker();
          tracker.track('view_product', { id: 'p1' });
          tracker.identify('42');
          return () => h('h1', 'Shop');
        },
      });
      const html = await renderToString(createSSRApp(App).use(cartbeacon, { apiKey: 'KEY' }));
      expect(html).toBe('<h1>Shop</h1>');
      expect(() => {
        tracker!.debug(true);
        tracker!.atr('onload', () => {});
        tracker!.logout();
      }).not.toThrow();
      await expect(tracker!.flush()).resolves.toBe(true);
      await vi.advanceTimersByTimeAsync(10_000);
      expect(fetchMock).not.toHaveBeenCalled();
      expect(vi.getTimerCount()).toBe(0);
    } finally {
      vi.useRealTimers();
      vi.unstubAllGlobals();
    }
  });
});
