// @vitest-environment happy-dom
// @vitest-environment-options {"settings":{"handleDisabledFileLoadingAsSuccess":true}}
// The drop-in options of createTracker: Richpanel's single-event wire, the messenger, the order
// check in debug mode, and a big identify() that must not stop tracking.
import { describe, expect, it, vi } from 'vitest';
import { Buffer } from 'node:buffer';
import { MESSENGER_URL } from '../../src/protocol/hosts.js';
import { ORDER_FIXTURE } from '../fixtures/load.js';
import type { OrderProperties } from '../../src/index.js';
import { messenger, orderCheck } from '../../src/modules/index.js';
import { env, events, tracker, useTrackerEnv } from './tracker-env.js';

useTrackerEnv();

const singles = () =>
  env.fetchMock.mock.calls.map(([url, init]) => ({
    url: url as string,
    event: JSON.parse(Buffer.from(JSON.parse((init as RequestInit).body as string).h, 'base64').toString('utf8')),
  }));

describe("transport: 'single'", () => {
  it('sends each event as {"h": base64 of its JSON} to <host>/v3/t, in order', async () => {
    const t = tracker({ transport: 'single' });
    t.track('page_view');
    // @ts-expect-error a partial order (no amount, no items): the types refuse it, the wire does not
    t.track('order', { orderId: '1', city: 'Łódź 🙂' });
    await t.flush();
    const got = singles();
    expect(got.map((s) => s.url)).toEqual(['http://collector.test/v3/t', 'http://collector.test/v3/t']);
    expect(got.map((s) => s.event.event)).toEqual(['page_view', 'order']);
    expect(got[1]!.event.properties).toEqual({ orderId: '1', city: 'Łódź 🙂' });
    expect(got[1]!.event.appClientId).toBe(env.key);
  });

  it('retries a 503 with the same eventId and loses nothing', async () => {
    env.status = 503;
    const t = tracker({ transport: 'single' });
    t.track('a');
    t.track('b');
    await vi.advanceTimersByTimeAsync(5_000);
    env.status = 200;
    await vi.advanceTimersByTimeAsync(60_000);
    await t.flush();
    const ok = singles().slice(-2);
    expect(ok.map((s) => s.event.event)).toEqual(['a', 'b']);
    const ids = singles()
      .filter((s) => s.event.event === 'a')
      .map((s) => s.event.eventId);
    expect(new Set(ids).size).toBe(1);
    expect(ids.length).toBeGreaterThan(1);
  });
});

describe('messenger', () => {
  const messengerScripts = () =>
    Array.from(document.querySelectorAll('script[src]')).filter((s) =>
      /micro-app|messenger/.test(s.getAttribute('src')!),
    );

  it("loads Richpanel's messenger, deferred, with today's UTC date as its version", () => {
    for (const s of messengerScripts()) s.remove();
    tracker({ messenger: true, nonce: 'n1', use: [messenger()] });
    vi.advanceTimersByTime(0); // the task after start-up
    const [s, ...more] = messengerScripts() as HTMLScriptElement[];
    expect(more).toEqual([]);
    expect(s!.getAttribute('src')).toBe(`${MESSENGER_URL}?version=20260115`);
    expect(s!.defer).toBe(true);
    expect(s!.nonce).toBe('n1');
  });

  it('loads a given messenger URL instead, and none without the option', () => {
    for (const s of messengerScripts()) s.remove();
    tracker();
    vi.advanceTimersByTime(0);
    expect(messengerScripts()).toEqual([]);
    tracker({ messenger: 'http://127.0.0.1:8787/demo/messenger.js', use: [messenger()] });
    vi.advanceTimersByTime(0);
    expect(messengerScripts().map((s) => s.getAttribute('src'))).toEqual(['http://127.0.0.1:8787/demo/messenger.js']);
  });

  it('waits for consent', () => {
    for (const s of messengerScripts()) s.remove();
    document.cookie = 'cb_consent=; path=/; expires=Thu, 01 Jan 1970 00:00:00 GMT';
    const t = tracker({ messenger: true, consent: 'pending', use: [messenger()] });
    expect(messengerScripts()).toEqual([]);
    t.consent('granted');
    expect(messengerScripts()).toHaveLength(1);
  });
});

describe('order check in debug mode', () => {
  it('warns once when an order lacks a documented required field, and still sends it', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const t = tracker({ use: [orderCheck()] });
    t.debug(true);
    t.track('order', ORDER_FIXTURE as OrderProperties); // load.ts reads it as a plain record
    expect(warn).not.toHaveBeenCalled();
    // @ts-expect-error a line without quantity: the types refuse it, the debug check warns
    t.track('order', { orderId: '1', amount: 5, items: [{ id: 'a', price: 5 }] });
    // @ts-expect-error no orderId, no items
    t.track('order', { amount: 5 });
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn).toHaveBeenCalledWith('[cartbeacon] W10', 'items[0].quantity');
    await t.flush();
    expect(events()).toHaveLength(3);
  });

  it('checks no order while debug is off (production pays nothing for it)', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const t = tracker({ use: [orderCheck()] });
    // @ts-expect-error no orderId, no items
    t.track('order', { amount: 5 });
    t.debug(true); // prints the problems seen so far: an unchecked order is none of them
    expect(warn.mock.calls.filter(([code]) => code === '[cartbeacon] W10')).toEqual([]);
    // @ts-expect-error no orderId, no items
    t.track('order', { amount: 5 });
    expect(warn).toHaveBeenCalledWith('[cartbeacon] W10', 'orderId');
    await t.flush();
    expect(events()).toHaveLength(2);
  });
});

describe('a large identify()', () => {
  it('keeps every later event flowing, on this page and the next', async () => {
    const t = tracker();
    const big = Object.fromEntries(Array.from({ length: 7 }, (_, i) => ['p' + i, String(i).repeat(8_000)]));
    t.identify('42', { email: 'a@b.c', ...big });
    for (let i = 0; i < 10; i++) t.track('after_' + i);
    await t.flush();
    vi.runAllTimers();
    const next = tracker();
    next.track('next_page');
    await next.flush();
    const got = events();
    expect(got.map((e) => e.event)).toEqual([
      'identify',
      ...Array.from({ length: 10 }, (_, i) => 'after_' + i),
      'next_page',
    ]);
    expect(got.at(-1)!.userProperties).toEqual({ uid: '42', email: 'a@b.c' });
  });
});
