// @vitest-environment happy-dom
// The tracker's public API: call shapes, identify, logout, atr, debug and never throwing.
import { describe, expect, it, vi } from 'vitest';
import { createTracker } from '../../src/core/tracker.js';
import { T0, UUID_V4, env, events, tracker, useTrackerEnv } from './tracker-env.js';

useTrackerEnv();

describe('track() argument shapes', () => {
  it('accepts 1 argument: empty properties, the call time as both times, a fresh UUID v4', async () => {
    const t = tracker();
    t.track('page_view');
    expect(await t.flush()).toBe(true);
    const [e] = events();
    expect(e).toMatchObject({
      event: 'page_view',
      properties: {},
      userProperties: {},
      time: { sentAt: T0, originalTimestamp: T0 },
    });
    expect(e!.eventId).toMatch(UUID_V4);
  });

  it('accepts 2 to 5 arguments in their documented places', async () => {
    const t = tracker();
    const id = '3b241101-e2bb-4255-8caf-4136c566a962';
    t.track('view_product', { id: 'p1' });
    t.track('add_to_cart', { id: 'p1' }, { email: 'a@b.c' });
    // @ts-expect-error a partial order (no amount, no items): the types refuse it, the wire does not
    t.track('order', { orderId: '1' }, { email: 'a@b.c' }, 1764000000000);
    // @ts-expect-error a partial order (no amount, no items): the types refuse it, the wire does not
    t.track('order', { orderId: '2' }, { email: 'a@b.c' }, 1764000000000, id);
    await t.flush();
    const got = events();
    expect(got.map((e) => [e.event, e.properties, e.userProperties])).toEqual([
      ['view_product', { id: 'p1' }, {}],
      ['add_to_cart', { id: 'p1' }, { email: 'a@b.c' }],
      ['order', { orderId: '1' }, { email: 'a@b.c' }],
      ['order', { orderId: '2' }, { email: 'a@b.c' }],
    ]);
    expect(got[2]!.time).toEqual({ sentAt: T0, originalTimestamp: 1764000000000 });
    expect(got[3]!.eventId).toBe(id);
  });

  it.each([
    ['null', null],
    ['[] (an empty PHP array)', []],
    ['false', false],
    ['undefined', undefined],
  ])('sends {} for %s as properties or user properties', async (_, value) => {
    const t = tracker();
    t.track('search', value as null, value as null);
    await t.flush();
    expect(events()[0]).toMatchObject({ properties: {}, userProperties: {} });
  });

  it('reads originalTimestamp as epoch ms, ISO string or Date', async () => {
    const t = tracker();
    const ms = Date.UTC(2025, 10, 1, 8, 30);
    t.track('a', {}, {}, ms);
    t.track('b', {}, {}, new Date(ms).toISOString());
    t.track('c', {}, {}, new Date(ms));
    t.track('d', {}, {}, 'not a date' as unknown as number);
    t.track('e', {}, {}, new Date(NaN));
    await t.flush();
    expect(events().map((e) => (e.time as { originalTimestamp: number }).originalTimestamp)).toEqual([
      ms,
      ms,
      ms,
      T0,
      T0,
    ]);
  });

  it('keeps a caller eventId that is a UUID and replaces one that is not', async () => {
    const t = tracker();
    const id = '3B241101-E2BB-4255-8CAF-4136C566A962';
    t.track('a', {}, {}, undefined, id);
    t.track('b', {}, {}, undefined, 'order-1001');
    t.track('c', {}, {}, undefined, 42 as unknown as string);
    await t.flush();
    const [a, b, c] = events();
    expect(a!.eventId).toBe(id);
    expect(b!.eventId).toMatch(UUID_V4);
    expect(c!.eventId).toMatch(UUID_V4);
    expect(new Set(events().map((e) => e.eventId)).size).toBe(3);
  });

  it('ignores a missing, empty or non-string event name without throwing', async () => {
    const t = tracker();
    for (const bad of [undefined, '', 42, null, {}])
      expect(() => (t.track as (...a: unknown[]) => void)(bad)).not.toThrow();
    t.track('good');
    await t.flush();
    expect(events().map((e) => e.event)).toEqual(['good']);
  });

  it('sanitizes hostile properties instead of throwing, and still sends good events', async () => {
    const t = tracker();
    const cyclic: Record<string, unknown> = { big: BigInt(1), n: NaN, el: document.body, f() {} };
    cyclic.self = cyclic;
    expect(() => t.track('hostile', cyclic)).not.toThrow();
    t.track('good', { ok: 1 });
    await t.flush();
    expect(events().map((e) => [e.event, e.properties])).toEqual([
      ['hostile', { big: '1', n: null, self: '[Circular]' }],
      ['good', { ok: 1 }],
    ]);
  });
});

describe('identify()', () => {
  it('sends an identify event whose userProperties are the properties plus uid', async () => {
    const t = tracker();
    t.identify('42', { email: 'a@example.com', phone: 5551234 });
    await t.flush();
    expect(events()[0]).toMatchObject({
      event: 'identify',
      userProperties: { email: 'a@example.com', phone: 5551234, uid: '42' },
    });
  });

  it('never mutates the caller object', async () => {
    const t = tracker();
    const props = { email: 'a@example.com', nested: { tier: 'gold' } };
    const copy = structuredClone(props);
    t.identify(7, props);
    t.track('x', {}, props);
    await t.flush();
    expect(props).toEqual(copy);
    expect(Object.keys(props)).toEqual(['email', 'nested']);
  });

  it('turns a number uid into a string', async () => {
    const t = tracker();
    t.identify(42, {});
    await t.flush();
    expect((events()[0]!.userProperties as { uid: unknown }).uid).toBe('42');
  });

  it('adds the user to later events', async () => {
    const t = tracker();
    t.identify('u1', { email: 'a@b.c' });
    t.track('add_to_cart', {}, { coupon: 'X' });
    await t.flush();
    expect(events()[1]!.userProperties).toEqual({ uid: 'u1', email: 'a@b.c', coupon: 'X' });
  });

  it.each([
    ['null', null],
    ['an empty string', ''],
    ['undefined', undefined],
    ['NaN', NaN],
    ['an object', { id: 1 }],
  ])('ignores identify(%s) with a debug warning', async (_, uid) => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const t = tracker();
    t.debug(true);
    expect(() => t.identify(uid as string)).not.toThrow();
    await t.flush();
    expect(events()).toEqual([]);
    expect(warn).toHaveBeenCalledWith('[cartbeacon] W3', expect.anything());
  });

  it('is silent without debug(true)', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const t = tracker();
    t.identify(null as unknown as string);
    t.track('');
    expect(warn).not.toHaveBeenCalled();
  });

  it('prints problems seen before debug(true) once it is turned on', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const t = tracker();
    t.identify(null as unknown as string);
    t.identify(null as unknown as string);
    t.debug(true);
    expect(warn).toHaveBeenCalledWith('[cartbeacon] W3', '×2');
  });

  it('logout() forgets the user and starts a new device and session', async () => {
    const t = tracker();
    t.identify('u1', { email: 'a@b.c' });
    t.track('before');
    t.logout();
    t.track('after');
    await t.flush();
    const [, before, after] = events();
    expect(after!.userProperties).toEqual({});
    expect(after!.did).not.toBe(before!.did);
    expect(after!.sid).not.toBe(before!.sid);
  });
});

describe('other methods', () => {
  it('atr("onload", fn) runs fn; anything else is ignored without throwing', () => {
    const t = tracker();
    const fn = vi.fn();
    t.atr('onload', fn);
    expect(fn).toHaveBeenCalledTimes(1);
    expect(() => t.atr('other', fn)).not.toThrow();
    expect(() => t.atr('onload', 'nope' as unknown as () => void)).not.toThrow();
    expect(fn).toHaveBeenCalledTimes(1);
  });

  it('never throws into the page, even from a throwing atr callback', () => {
    const t = tracker();
    expect(() =>
      t.atr('onload', () => {
        throw new Error('page bug');
      }),
    ).not.toThrow();
  });

  it('is a no-op without an apiKey, with warning W1', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const t = createTracker({ apiKey: '' });
    const fn = vi.fn();
    expect(t.track('a')).toBeUndefined();
    expect(t.identify('42')).toBeUndefined();
    t.atr('onload', fn);
    t.logout();
    t.consent('granted');
    expect(t._call('track', ['queued'])).toBeUndefined();
    expect(t._who()).toEqual({ _did: '', _sid: '' });
    expect(await t.flush()).toBe(true);
    t.debug(true);
    expect(warn).toHaveBeenCalledWith('[cartbeacon] W1', '×1');
    await vi.advanceTimersByTimeAsync(5_000);
    expect(env.fetchMock).not.toHaveBeenCalled();
    expect(fn).not.toHaveBeenCalled();
    expect(localStorage.length).toBe(0);
  });
});
