// @vitest-environment node
// Server rendering with the React adapter: no window, no tracker, no timers; every call a no-op.
import { createElement as h } from 'react';
import { renderToString } from 'react-dom/server';
import { describe, expect, it, vi } from 'vitest';
import type { Tracker } from '../../src/index.js';
import { CartbeaconProvider, useTracker } from '../../src/react/index.js';

describe('CartbeaconProvider on the server', () => {
  it('renders its children only, and the tracker it gives is a silent no-op whose flush() resolves', async () => {
    const fetchMock = vi.fn();
    vi.stubGlobal('fetch', fetchMock);
    vi.useFakeTimers();
    try {
      expect(typeof (globalThis as { window?: unknown }).window).toBe('undefined');
      let tracker: Tracker | undefined;
      function Page() {
        tracker = useTracker();
        tracker.track('view_product', { id: 'p1' }); // a mistake (tracking in render) must not break SSR
        tracker.identify('42');
        return h('h1', null, 'Shop');
      }
      const html = renderToString(h(CartbeaconProvider, { apiKey: 'KEY', children: h(Page) }));
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
