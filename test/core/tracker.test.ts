// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createTracker } from '../../src/core/tracker.js';
import { decodeBody } from '../transport/helpers.js';

const T0 = Date.UTC(2026, 0, 15, 10, 0, 0);
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

let fetchMock: ReturnType<typeof vi.fn>;
let status = 200;
let keySeq = 0;
let key = '';

beforeEach(() => {
  vi.useFakeTimers({ now: T0 });
  localStorage.clear();
  delete (window as { richpanelSettings?: unknown }).richpanelSettings;
  status = 200;
  key = 'key-' + ++keySeq;
  fetchMock = vi.fn(async () => new Response(status == 200 ? '{"status":"ok"}' : '{"error":"down"}', { status }));
  vi.stubGlobal('fetch', fetchMock);
});

afterEach(() => {
  vi.clearAllTimers();
  vi.useRealTimers();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

/** The batches this test's tracker posted, decoded. */
const batches = () =>
  fetchMock.mock.calls.map(([, init]) => decodeBody((init as RequestInit).body as string)).filter((b) => b.appClientId === key);
const events = () => batches().flatMap((b) => b.events);

const tracker = (extra: Record<string, unknown> = {}) => createTracker({ apiKey: key, host: 'http://collector.test/', ...extra });

describe('track() argument shapes', () => {
  it('accepts 1 argument: empty properties, the call time as both times, a fresh UUID v4', async () => {
    const t = tracker();
    t.track('page_view');
    expect(await t.flush()).toBe(true);
    const [e] = events();
    expect(e).toMatchObject({ event: 'page_view', properties: {}, userProperties: {}, time: { sentAt: T0, originalTimestamp: T0 } });
    expect(e!.eventId).toMatch(UUID_V4);
  });

  it('accepts 2 to 5 arguments in their documented places', async () => {
    const t = tracker();
    const id = '3b241101-e2bb-4255-8caf-4136c566a962';
    t.track('view_product', { id: 'p1' });
    t.track('add_to_cart', { id: 'p1' }, { email: 'a@b.c' });
    t.track('order', { orderId: '1' }, { email: 'a@b.c' }, 1764000000000);
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
    expect(events().map((e) => (e.time as { originalTimestamp: number }).originalTimestamp)).toEqual([ms, ms, ms, T0, T0]);
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
    for (const bad of [undefined, '', 42, null, {}]) expect(() => (t.track as (...a: unknown[]) => void)(bad)).not.toThrow();
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
    expect(events()[0]).toMatchObject({ event: 'identify', userProperties: { email: 'a@example.com', phone: 5551234, uid: '42' } });
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
    expect(warn).toHaveBeenCalledWith('[cartbeacon]', 'identify() needs a uid', expect.anything());
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
    expect(warn).toHaveBeenCalledWith('[cartbeacon]', 'identify() needs a uid', '×2');
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

describe('batching and delivery', () => {
  it('makes no storage write and no request during track(), then coalesces them', async () => {
    const t = tracker();
    await vi.runAllTimersAsync();
    const setItem = vi.spyOn(localStorage, 'setItem');
    fetchMock.mockClear();
    for (let i = 0; i < 100; i++) t.track('view_product', { i });
    expect(setItem).not.toHaveBeenCalled();
    expect(fetchMock).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(2_000);
    expect(fetchMock).toHaveBeenCalledTimes(4);
    expect(setItem.mock.calls.length).toBeGreaterThan(0);
    expect(setItem.mock.calls.length).toBeLessThan(20);
    expect(events().map((e) => (e.properties as { i: number }).i)).toEqual(Array.from({ length: 100 }, (_, i) => i));
  });

  it('waits for the idle delay before sending a small batch', async () => {
    const t = tracker();
    t.track('a');
    t.track('b');
    await vi.advanceTimersByTimeAsync(999);
    expect(fetchMock).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(fetchMock).toHaveBeenCalledTimes(1);
    expect(batches()[0]!.events.map((e) => e.event)).toEqual(['a', 'b']);
  });

  it('sends at 25 events without waiting for the idle delay', async () => {
    const t = tracker();
    for (let i = 0; i < 25; i++) t.track('e' + i);
    await vi.advanceTimersByTimeAsync(1);
    expect(fetchMock).toHaveBeenCalledTimes(1);
    expect(batches()[0]!.events).toHaveLength(25);
  });

  it('flush() resolves true after delivery and false while the collector fails', async () => {
    const t = tracker();
    t.track('a');
    expect(await t.flush()).toBe(true);
    expect(fetchMock).toHaveBeenCalledTimes(1);
    status = 503;
    t.track('b');
    expect(await t.flush()).toBe(false);
    expect(await tracker().flush()).toBe(true); // nothing pending
  });

  it('POSTs JSON {"hs": base64 of UTF-8 JSON} to <host>/v2/bt with keepalive', async () => {
    const t = tracker();
    (window as { richpanelSettings?: string }).richpanelSettings = 'aa:bb'; // set after load, read at send time
    t.track('order', { orderId: '1001', city: 'Łódź 李 🙂' }, { uid: '42' }, 1764000000000);
    await t.flush();
    const [url, init] = fetchMock.mock.calls[0] as [string, RequestInit];
    expect(url).toBe('http://collector.test/v2/bt');
    expect(init.method).toBe('POST');
    expect(init.keepalive).toBe(true);
    expect(new Headers(init.headers).get('content-type')).toBe('application/json');
    expect(Object.keys(JSON.parse(init.body as string))).toEqual(['hs']);
    const batch = decodeBody(init.body as string);
    expect(batch).toEqual({ event: 'send_batch', appClientId: key, richpanelSettings: 'aa:bb', events: [expect.any(Object)] });
    const e = batch.events[0]!;
    expect(Object.keys(e).sort()).toEqual(['appClientId', 'context', 'did', 'event', 'eventId', 'properties', 'sid', 'time', 'userProperties', 'version'].sort());
    expect(e).toMatchObject({
      event: 'order',
      properties: { orderId: '1001', city: 'Łódź 李 🙂' },
      userProperties: { uid: '42' },
      time: { sentAt: T0, originalTimestamp: 1764000000000 },
      appClientId: key,
      did: expect.stringMatching(UUID_V4),
      sid: expect.stringMatching(UUID_V4),
      version: expect.any(String),
    });
    expect(e.context).toEqual({
      page: { url: location.href, path: location.pathname, referrer: document.referrer, title: document.title, qs: location.search },
      userAgent: navigator.userAgent,
      timezone: expect.any(String),
      locale: navigator.language,
      screen: { width: expect.any(Number), height: expect.any(Number) },
    });
  });

  it('leaves richpanelSettings out when the page has no token', async () => {
    const t = tracker();
    t.track('a');
    await t.flush();
    expect('richpanelSettings' in batches()[0]!).toBe(false);
  });

  it('sends to https://api.richpanel.com by default', async () => {
    const t = createTracker({ apiKey: key });
    t.track('a');
    await t.flush();
    expect(fetchMock.mock.calls[0]![0]).toBe('https://api.richpanel.com/v2/bt');
  });

  it('uses the queued time of a replayed call as sentAt', async () => {
    const t = tracker();
    t._call('track', ['page_view'], T0 - 5_000);
    t._call('identify', ['u1'], T0 - 4_000);
    await t.flush();
    expect(events().map((e) => (e.time as { sentAt: number }).sentAt)).toEqual([T0 - 5_000, T0 - 4_000]);
  });

  it('holds events while the browser is offline and sends them on the online event', async () => {
    let online = false;
    Object.defineProperty(navigator, 'onLine', { get: () => online, configurable: true });
    try {
      const t = tracker();
      t.track('a');
      await vi.advanceTimersByTimeAsync(120_000);
      expect(events()).toEqual([]);
      online = true;
      window.dispatchEvent(new Event('online'));
      await vi.advanceTimersByTimeAsync(0);
      expect(events().map((e) => e.event)).toEqual(['a']);
    } finally {
      delete (navigator as { onLine?: unknown }).onLine;
    }
  });

  it('sends first what an earlier page left undelivered, with the same eventIds', async () => {
    const old = { event: 'order', properties: { orderId: '9' }, userProperties: {}, time: { sentAt: T0 - 600_000, originalTimestamp: T0 - 600_000 }, eventId: '3b241101-e2bb-4255-8caf-4136c566a962', appClientId: key };
    localStorage.setItem(`cb:v1:${key}:closed-page`, JSON.stringify({ t: T0 - 10 * 60_000, q: [old], b: [] }));
    const t = tracker();
    t.track('page_view');
    await vi.advanceTimersByTimeAsync(1_000);
    await t.flush();
    expect(events().map((e) => [e.event, e.event == 'order' ? e.eventId : '-'])).toEqual([
      ['order', old.eventId],
      ['page_view', '-'],
    ]);
    expect(localStorage.getItem(`cb:v1:${key}:closed-page`)).toBeNull();
  });

  it('keeps undelivered events in localStorage for the next page', async () => {
    status = 503;
    const t = tracker();
    t.track('order', { orderId: '1' });
    await vi.advanceTimersByTimeAsync(1_500);
    const saved = Object.keys(localStorage).filter((k) => k.startsWith(`cb:v1:${key}:`));
    expect(saved).toHaveLength(1);
    expect(JSON.parse(localStorage.getItem(saved[0]!)!).q.map((e: { event: string }) => e.event)).toEqual(['order']);
  });

  it('beacons pending events as text/plain-able strings when the page is hidden', async () => {
    const beacon = vi.fn((_url: string, _body: string) => true);
    Object.defineProperty(navigator, 'sendBeacon', { value: beacon, configurable: true });
    try {
      const t = tracker();
      t.track('a');
      t.track('b');
      window.dispatchEvent(new Event('pagehide'));
      const mine = beacon.mock.calls.map(([, body]) => decodeBody(body as string)).filter((b) => b.appClientId === key);
      expect(mine.flatMap((b) => b.events.map((e) => e.event))).toEqual(['a', 'b']);
      expect(beacon.mock.calls.every(([url, body]) => url === 'http://collector.test/v2/bt' && typeof body == 'string')).toBe(true);
      await vi.advanceTimersByTimeAsync(5_000);
      expect(events()).toEqual([]); // handed to the beacon: not posted again by this page
    } finally {
      delete (navigator as { sendBeacon?: unknown }).sendBeacon;
    }
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
    expect(() => t.atr('onload', () => { throw new Error('page bug'); })).not.toThrow();
  });

  it('does not throw when document.cookie throws (sandboxed frame)', () => {
    const blocked = () => {
      throw new DOMException('The operation is insecure.', 'SecurityError');
    };
    Object.defineProperty(document, 'cookie', { get: blocked, set: blocked, configurable: true });
    try {
      expect(() => tracker().track('a')).not.toThrow();
    } finally {
      delete (document as { cookie?: unknown }).cookie;
    }
  });

  it('keeps tracking when localStorage is blocked (reading it throws)', async () => {
    const real = localStorage;
    Object.defineProperty(window, 'localStorage', { get: () => { throw new DOMException('blocked', 'SecurityError'); }, configurable: true });
    try {
      expect(() => window.localStorage).toThrow();
      const t = tracker();
      t.identify('u1');
      t.track('a');
      await vi.runAllTimersAsync();
      expect(events().map((e) => e.event)).toEqual(['identify', 'a']);
    } finally {
      Object.defineProperty(window, 'localStorage', { value: real, configurable: true, writable: true });
    }
  });

  it('keeps tracking when localStorage is full or holds garbage', async () => {
    localStorage.setItem('cb_id:' + key, '{garbage');
    localStorage.setItem(`cb:v1:${key}:other-page`, 'not json');
    const setItem = vi.spyOn(localStorage, 'setItem').mockImplementation(() => {
      throw new DOMException('full', 'QuotaExceededError');
    });
    const t = tracker();
    t.track('a');
    await vi.runAllTimersAsync();
    expect(setItem).toHaveBeenCalled();
    expect(events().map((e) => e.event)).toEqual(['a']);
  });

  it('is a no-op without an apiKey', async () => {
    const t = createTracker({ apiKey: '' });
    t.track('a');
    expect(await t.flush()).toBe(true);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(fetchMock).not.toHaveBeenCalled();
  });
});
