// The module registry (src/modules/registry.ts): a module is set up once, when it is both wanted and
// here, in either order; hook calls made before are kept and made after its setup, in order.
import { describe, expect, it, vi } from 'vitest';
import type { CartbeaconModule, ModuleHooks, ModuleHost } from '../../src/modules/module.js';
import { createRegistry } from '../../src/modules/registry.js';

const host = (): ModuleHost & { warns: unknown[][] } => {
  const warns: unknown[][] = [];
  return { track: vi.fn(), apiKey: 'k', options: {}, warn: (...a) => warns.push(a), warns };
};
const mod = (name: string, hooks?: ModuleHooks) => {
  const setup = vi.fn(() => hooks);
  return { m: { name, setup } as CartbeaconModule, setup };
};

describe('module registry', () => {
  it('sets a module up once it is wanted and here, whichever comes first, and only once', () => {
    const h = host();
    const load = vi.fn();
    const r = createRegistry(h, load);
    const a = mod('a');
    r.want('a');
    expect(load).toHaveBeenCalledWith('a');
    expect(a.setup).not.toHaveBeenCalled();
    r.add(a.m);
    r.add(a.m);
    r.want('a');
    expect(a.setup).toHaveBeenCalledTimes(1);
    expect(a.setup).toHaveBeenCalledWith(h);
    const b = mod('b');
    r.add(b.m); // here but not wanted: not set up
    expect(b.setup).not.toHaveBeenCalled();
    r.want('b');
    expect(b.setup).toHaveBeenCalledTimes(1);
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('keeps hook calls made before the module that has the hook, and makes them in order after its setup', () => {
    const r = createRegistry(host(), () => {});
    const seen: string[] = [];
    r.want('page-views');
    r.hook('route', ['https://s/a', 'A']);
    r.hook('route', ['https://s/b', 'B']);
    r.add(mod('page-views', { route: (href) => seen.push(href) }).m);
    r.hook('route', ['https://s/c', 'C']);
    expect(seen).toEqual(['https://s/a', 'https://s/b', 'https://s/c']);
  });

  it('keeps the calls of a hook another module has until that one is set up', () => {
    const r = createRegistry(host(), () => {});
    const orders: unknown[] = [];
    r.want('order-check');
    r.want('page-views');
    r.hook('order', [{ orderId: '1' }]);
    r.add(mod('page-views', { route: () => {} }).m);
    expect(orders).toEqual([]);
    r.add(mod('order-check', { order: (p) => orders.push(p) }).m);
    expect(orders).toEqual([{ orderId: '1' }]);
  });

  it('keeps at most 100 calls for a module that never comes', () => {
    const r = createRegistry(host(), () => {});
    const seen: unknown[] = [];
    r.want('page-views');
    for (let i = 0; i < 150; i++) r.hook('route', [String(i), '']);
    r.add(mod('page-views', { route: (href) => seen.push(href) }).m);
    expect(seen).toHaveLength(100);
    expect(seen[0]).toBe('0');
  });

  it('reports a throwing setup or hook as W7 and ignores what is not a module; without a loader a wanted module is W30', () => {
    const h = host();
    const r = createRegistry(h);
    r.add(null);
    r.add({ name: 'x' });
    r.add({
      name: 'bad',
      setup: () => ({
        route: () => {
          throw new Error('hook');
        },
      }),
    } as unknown as CartbeaconModule);
    r.want('bad');
    r.hook('route', ['u', 't']);
    r.add({
      name: 'worse',
      setup: () => {
        throw new Error('setup');
      },
    } as unknown as CartbeaconModule);
    r.want('worse');
    r.want('missing');
    expect(h.warns.map(([code]) => code)).toEqual([7, 7, 30]);
  });
});
