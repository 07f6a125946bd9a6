// @vitest-environment happy-dom
// <CartbeaconProvider> and useTracker() in a browser: one stable tracker per provider, calls from
// children's effects (which run before the provider's) kept in order with their time, StrictMode safe.
import { StrictMode, act, createElement as h, useEffect } from 'react';
import type { ReactNode } from 'react';
import { createRoot, hydrateRoot } from 'react-dom/client';
import { renderToString } from 'react-dom/server';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as core from '../../src/index.js';
import type { Tracker } from '../../src/index.js';
import { CartbeaconProvider, useTracker } from '../../src/react/index.js';
import { T0, env, events, useTrackerEnv } from '../core/tracker-env.js';

vi.mock('../../src/index.js', async (actual) => {
  const mod = await actual<typeof import('../../src/index.js')>();
  return { ...mod, createTracker: vi.fn(mod.createTracker) };
});

useTrackerEnv();
(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

let unmount: (() => void) | undefined;
afterEach(() => {
  act(() => unmount?.());
  unmount = undefined;
  document.body.innerHTML = '';
  vi.mocked(core.createTracker).mockClear();
});

function render(node: ReactNode): HTMLElement {
  const el = document.createElement('div');
  document.body.append(el);
  const root = createRoot(el);
  act(() => root.render(node));
  unmount = () => root.unmount();
  return el;
}

const provider = (children: ReactNode) =>
  h(CartbeaconProvider, { apiKey: env.key, host: 'http://collector.test', children });

describe('CartbeaconProvider', () => {
  it("sends calls made in children's effects, which run before the provider's, in order and with their time", async () => {
    function Product() {
      const tracker = useTracker();
      useEffect(() => {
        tracker.track('view_product', { id: 'p1', price: 19 });
        vi.setSystemTime(T0 + 5);
        tracker.identify('42', { email: 'a@example.com' });
      }, [tracker]);
      return h('p', null, 'Tee');
    }
    let seen: Tracker | undefined;
    function Spy() {
      seen = useTracker();
      return null;
    }
    render(provider([h(Product, { key: 1 }), h(Spy, { key: 2 })]));
    expect(await seen!.flush()).toBe(true);
    expect(events().map((e) => [e.event, e.properties, e.time!.sentAt])).toEqual([
      ['view_product', { id: 'p1', price: 19 }, T0],
      ['identify', {}, T0 + 5],
    ]);
    expect(events()[1]!.userProperties).toEqual({ email: 'a@example.com', uid: '42' });
  });

  it('gives the same tracker on every render, and one tracker per provider', () => {
    const seen: Tracker[] = [];
    function Spy() {
      seen.push(useTracker());
      return null;
    }
    const el = document.createElement('div');
    const root = createRoot(el);
    unmount = () => root.unmount();
    act(() => root.render(provider(h(Spy))));
    act(() => root.render(provider(h(Spy))));
    act(() => root.render(h(CartbeaconProvider, { apiKey: 'changed', children: h(Spy) })));
    expect(seen).toHaveLength(3);
    expect(new Set(seen).size).toBe(1);
    expect(core.createTracker).toHaveBeenCalledTimes(1);
    expect(core.createTracker).toHaveBeenCalledWith({ apiKey: env.key, host: 'http://collector.test' });

    const other: Tracker[] = [];
    function Other() {
      other.push(useTracker());
      return null;
    }
    render(provider(h(Other)));
    expect(other[0]).not.toBe(seen[0]);
    expect(core.createTracker).toHaveBeenCalledTimes(2);
  });

  it('creates a single tracker under StrictMode (double render, effects run twice)', async () => {
    let tracker: Tracker | undefined;
    function Page() {
      tracker = useTracker();
      useEffect(() => tracker!.track('view_cart'), []);
      return null;
    }
    render(h(StrictMode, null, provider(h(Page))));
    expect(core.createTracker).toHaveBeenCalledTimes(1);
    await tracker!.flush();
    expect(events().map((e) => e.event)).toEqual(['view_cart', 'view_cart']); // StrictMode runs the effect twice
  });

  it('resolves flush() called before the provider mounted once the queue is sent', async () => {
    let flushed: Promise<boolean> | undefined;
    function Page() {
      const tracker = useTracker();
      useEffect(() => {
        tracker.track('search', { query: 'linen' });
        flushed = tracker.flush();
      }, [tracker]);
      return null;
    }
    render(provider(h(Page)));
    expect(await flushed).toBe(true);
    expect(events().map((e) => e.event)).toEqual(['search']);
  });

  it('hydrates the server markup without a mismatch', async () => {
    function Page() {
      const tracker = useTracker();
      useEffect(() => tracker.track('page_view'), [tracker]);
      return h('main', null, h('h1', null, 'Shop'));
    }
    const app = () => provider(h(Page));
    const el = document.createElement('div');
    el.innerHTML = renderToString(app());
    document.body.append(el);
    const onRecoverableError = vi.fn();
    act(() => {
      const root = hydrateRoot(el, app(), { onRecoverableError });
      unmount = () => root.unmount();
    });
    expect(el.innerHTML).toBe('<main><h1>Shop</h1></main>');
    expect(onRecoverableError).not.toHaveBeenCalled();
    await act(() => vi.advanceTimersByTimeAsync(2_000));
    expect(events().map((e) => e.event)).toEqual(['page_view']);
  });

  it('throws a clear error when useTracker() has no provider above it', () => {
    function Orphan() {
      useTracker();
      return null;
    }
    vi.spyOn(console, 'error').mockImplementation(() => {});
    expect(() => render(h(Orphan))).toThrow(
      'useTracker() needs a <CartbeaconProvider apiKey="…"> above this component',
    );
  });
});
