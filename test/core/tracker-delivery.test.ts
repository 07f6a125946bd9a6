// @vitest-environment happy-dom
// The tracker's delivery: coalesced writes and requests, flush(), the wire body, persistence,
// offline, page leave and hostile storage.
import { describe, expect, it, vi } from 'vitest';
import { createTracker } from '../../src/core/tracker.js';
import { decodeBody } from '../transport/helpers.js';
import { T0, UUID_V4, batches, env, events, tracker, useTrackerEnv } from './tracker-env.js';

useTrackerEnv();

describe('batching and delivery', () => {
  it('makes no storage write and no request during track(), then coalesces them', async () => {
    const t = tracker();
    await vi.runAllTimersAsync();
    const setItem = vi.spyOn(localStorage, 'setItem');
    env.fetchMock.mockClear();
    for (let i = 0; i < 100; i++) t.track('view_product', { i });
    expect(setItem).not.toHaveBeenCalled();
    expect(env.fetchMock).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(2_000);
    expect(env.fetchMock).toHaveBeenCalledTimes(4);
    expect(setItem.mock.calls.length).toBeGreaterThan(0);
    expect(setItem.mock.calls.length).toBeLessThan(20);
    expect(events().map((e) => (e.properties as { i: number }).i)).toEqual(Array.from({ length: 100 }, (_, i) => i));
  });

  it('waits for the idle delay before sending a small batch', async () => {
    const t = tracker();
    t.track('a');
    t.track('b');
    await vi.advanceTimersByTimeAsync(999);
    expect(env.fetchMock).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(env.fetchMock).toHaveBeenCalledTimes(1);
    expect(batches()[0]!.events.map((e) => e.event)).toEqual(['a', 'b']);
  });

  it('sends at 25 events without waiting for the idle delay', async () => {
    const t = tracker();
    for (let i = 0; i < 25; i++) t.track('e' + i);
    await vi.advanceTimersByTimeAsync(1);
    expect(env.fetchMock).toHaveBeenCalledTimes(1);
    expect(batches()[0]!.events).toHaveLength(25);
  });

  it('flush() resolves true after delivery and false while the collector fails', async () => {
    const t = tracker();
    t.track('a');
    expect(await t.flush()).toBe(true);
    expect(env.fetchMock).toHaveBeenCalledTimes(1);
    env.status = 503;
    t.track('b');
    expect(await t.flush()).toBe(false);
    expect(await tracker().flush()).toBe(true); // nothing pending
  });

  it('POSTs JSON {"hs": base64 of UTF-8 JSON} to <host>/v2/bt with keepalive', async () => {
    const t = tracker();
    (window as { richpanelSettings?: string }).richpanelSettings = 'aa:bb'; // set after load, read at send time
    // @ts-expect-error a partial order (no amount, no items): the types refuse it, the wire does not
    t.track('order', { orderId: '1001', city: 'Łódź 李 🙂' }, { uid: '42' }, 1764000000000);
    await t.flush();
    const [url, init] = env.fetchMock.mock.calls[0] as [string, RequestInit];
    expect(url).toBe('http://collector.test/v2/bt');
    expect(init.method).toBe('POST');
    expect(init.keepalive).toBe(true);
    expect(new Headers(init.headers).get('content-type')).toBe('application/json');
    expect(Object.keys(JSON.parse(init.body as string))).toEqual(['hs']);
    const batch = decodeBody(init.body as string);
    expect(batch).toEqual({
      event: 'send_batch',
      appClientId: env.key,
      richpanelSettings: 'aa:bb',
      events: [expect.any(Object)],
    });
    const e = batch.events[0]!;
    expect(Object.keys(e).sort()).toEqual(
      [
        'appClientId',
        'context',
        'did',
        'event',
        'eventId',
        'properties',
        'sid',
        'time',
        'userProperties',
        'version',
      ].sort(),
    );
    expect(e).toMatchObject({
      event: 'order',
      properties: { orderId: '1001', city: 'Łódź 李 🙂' },
      userProperties: { uid: '42' },
      time: { sentAt: T0, originalTimestamp: 1764000000000 },
      appClientId: env.key,
      did: expect.stringMatching(UUID_V4),
      sid: expect.stringMatching(UUID_V4),
      version: expect.any(String),
    });
    expect(e.context).toEqual({
      page: {
        url: location.href,
        path: location.pathname,
        referrer: document.referrer,
        title: document.title,
        qs: Object.fromEntries(new URLSearchParams(location.search)),
      },
      userAgent: navigator.userAgent,
      timezone: expect.any(String),
      locale: navigator.language,
      browser: { lang: navigator.language },
      screen: { width: expect.any(Number), height: expect.any(Number), density: expect.any(Number) },
    });
  });

  it('leaves richpanelSettings out when the page has no token', async () => {
    const t = tracker();
    t.track('a');
    await t.flush();
    expect('richpanelSettings' in batches()[0]!).toBe(false);
  });

  it('sends to https://api.richpanel.com by default', async () => {
    const t = createTracker({ apiKey: env.key });
    t.track('a');
    await t.flush();
    expect(env.fetchMock.mock.calls[0]![0]).toBe('https://api.richpanel.com/v2/bt');
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
    const old = {
      event: 'order',
      properties: { orderId: '9' },
      userProperties: {},
      time: { sentAt: T0 - 600_000, originalTimestamp: T0 - 600_000 },
      eventId: '3b241101-e2bb-4255-8caf-4136c566a962',
      appClientId: env.key,
    };
    localStorage.setItem(`cb:v1:${env.key}:closed-page`, JSON.stringify({ t: T0 - 10 * 60_000, q: [old], b: [] }));
    const t = tracker();
    t.track('page_view');
    await vi.advanceTimersByTimeAsync(1_000);
    await t.flush();
    expect(events().map((e) => [e.event, e.event === 'order' ? e.eventId : '-'])).toEqual([
      ['order', old.eventId],
      ['page_view', '-'],
    ]);
    expect(localStorage.getItem(`cb:v1:${env.key}:closed-page`)).toBeNull();
  });

  it('keeps undelivered events in localStorage for the next page', async () => {
    env.status = 503;
    const t = tracker();
    // @ts-expect-error a partial order (no amount, no items): the types refuse it, the wire does not
    t.track('order', { orderId: '1' });
    await vi.advanceTimersByTimeAsync(1_500);
    const saved = Object.keys(localStorage).filter((k) => k.startsWith(`cb:v1:${env.key}:`));
    expect(saved).toHaveLength(1);
    expect(JSON.parse(localStorage.getItem(saved[0]!)!).q.map((e: { event: string }) => e.event)).toEqual(['order']);
  });

  it('beacons pending events as text/plain-able strings when the page is hidden', async () => {
    const beacon = vi.fn((_url: string, _body: string) => true);
    // the core takes sendBeacon from Navigator.prototype (a wrapper on navigator itself is skipped)
    const proto = Object.getPrototypeOf(navigator) as { sendBeacon?: unknown };
    const had = Object.getOwnPropertyDescriptor(proto, 'sendBeacon');
    Object.defineProperty(proto, 'sendBeacon', { value: beacon, configurable: true, writable: true });
    try {
      const t = tracker();
      t.track('a');
      t.track('b');
      window.dispatchEvent(new Event('pagehide'));
      const mine = beacon.mock.calls
        .map(([, body]) => decodeBody(body as string))
        .filter((b) => b.appClientId === env.key);
      expect(mine.flatMap((b) => b.events.map((e) => e.event))).toEqual(['a', 'b']);
      expect(
        beacon.mock.calls.every(([url, body]) => url === 'http://collector.test/v2/bt' && typeof body === 'string'),
      ).toBe(true);
      await vi.advanceTimersByTimeAsync(5_000);
      expect(events()).toEqual([]); // handed to the beacon: not posted again by this page
    } finally {
      if (had) Object.defineProperty(proto, 'sendBeacon', had);
      else delete proto.sendBeacon;
    }
  });
});

describe('hostile storage and cookies', () => {
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
    Object.defineProperty(window, 'localStorage', {
      get: () => {
        throw new DOMException('blocked', 'SecurityError');
      },
      configurable: true,
    });
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
    localStorage.setItem('cb_id:' + env.key, '{garbage');
    localStorage.setItem(`cb:v1:${env.key}:other-page`, 'not json');
    const setItem = vi.spyOn(localStorage, 'setItem').mockImplementation(() => {
      throw new DOMException('full', 'QuotaExceededError');
    });
    const t = tracker();
    t.track('a');
    await vi.runAllTimersAsync();
    expect(setItem).toHaveBeenCalled();
    expect(events().map((e) => e.event)).toEqual(['a']);
  });
});
