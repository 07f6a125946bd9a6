// @vitest-environment happy-dom
// Consent: the pure start state, and the tracker behind a banner — nothing stored or sent while
// pending, everything sent in order once granted, everything forgotten once denied.
import { describe, expect, it, vi } from 'vitest';
import { startConsent } from '../../src/core/consent.js';
import { T0, env, events, tracker, useTrackerEnv } from './tracker-env.js';

useTrackerEnv();

const cookies = () => document.cookie;
const clearCookies = () => {
  for (const name of ['rpdid', 'rpsid', 'rptkn', 'cb_consent'])
    document.cookie = `${name}=; path=/; expires=Thu, 01 Jan 1970 00:00:00 GMT`;
};
const stored = () => Object.keys(localStorage);

describe('startConsent (pure)', () => {
  it.each([
    [undefined, undefined, false, 'granted'],
    ['pending', undefined, false, 'pending'],
    ['denied', undefined, false, 'denied'],
    ['pending', 'granted', false, 'granted'],
    ['pending', 'denied', false, 'denied'],
    [undefined, 'denied', false, 'denied'],
    ['pending', undefined, true, 'denied'],
    [undefined, undefined, true, 'denied'],
    ['pending', 'granted', true, 'granted'],
    ['pending', 'garbage', false, 'pending'],
  ])('option %s, remembered %s, GPC %s → %s', (option, remembered, gpc, want) => {
    expect(startConsent(option, remembered, gpc)).toBe(want);
  });
});

describe('consent: pending', () => {
  it('stores nothing and sends nothing while the banner is unanswered', async () => {
    clearCookies();
    const t = tracker({ consent: 'pending' });
    t.identify('42', { email: 'a@b.c' });
    t.track('page_view');
    t.track('add_to_cart', { id: 'p1' });
    await vi.advanceTimersByTimeAsync(30_000);
    expect(await t.flush()).toBe(false);
    expect(env.fetchMock).not.toHaveBeenCalled();
    expect(stored()).toEqual([]);
    expect(cookies()).toBe('');
  });

  it('on grant sends every waiting event once, in order, with its original time and the adopted ids', async () => {
    clearCookies();
    document.cookie = 'rpdid=device-from-before; path=/';
    const t = tracker({ consent: 'pending' });
    t.track('page_view');
    vi.advanceTimersByTime(5_000);
    t.track('add_to_cart', { id: 'p1' });
    vi.advanceTimersByTime(5_000);
    t.consent('granted');
    t.track('checkout_start');
    await t.flush();
    const got = events();
    expect(got.map((e) => e.event)).toEqual(['page_view', 'add_to_cart', 'checkout_start']);
    expect(got.map((e) => e.time!.sentAt)).toEqual([T0, T0 + 5_000, T0 + 10_000]);
    expect(new Set(got.map((e) => e.did))).toEqual(new Set(['device-from-before']));
    expect(cookies()).toContain('cb_consent=granted');
    expect(cookies()).toContain('rpdid=device-from-before');
  });

  it('on grant keeps the user identified while pending, for later events and the next page', async () => {
    clearCookies();
    const t = tracker({ consent: 'pending' });
    t.identify('42', { email: 'a@b.c' });
    t.consent('granted');
    t.track('after');
    await t.flush();
    expect(events().map((e) => [e.event, e.userProperties])).toEqual([
      ['identify', { email: 'a@b.c', uid: '42' }],
      ['after', { email: 'a@b.c', uid: '42' }],
    ]);
    await vi.advanceTimersByTimeAsync(0);
    expect(localStorage.getItem('rpuid')).toBe('42');
  });

  it('the next page starts granted even though it says pending again', async () => {
    clearCookies();
    tracker({ consent: 'pending' }).consent('granted');
    const next = tracker({ consent: 'pending' });
    next.track('page_view');
    await next.flush();
    expect(events().map((e) => e.event)).toEqual(['page_view']);
  });
});

describe('consent: denied', () => {
  it('drops the waiting and later events, counts them, and remembers the denial without ids', async () => {
    clearCookies();
    const t = tracker({ consent: 'pending' });
    t.track('page_view');
    t.consent('denied');
    t.track('add_to_cart');
    await vi.advanceTimersByTimeAsync(10_000);
    await t.flush();
    expect(env.fetchMock).not.toHaveBeenCalled();
    expect(cookies()).toBe('cb_consent=denied');
    expect(stored()).toEqual([]);
    const next = tracker({ consent: 'pending' });
    next.track('page_view');
    await vi.advanceTimersByTimeAsync(10_000);
    expect(env.fetchMock).not.toHaveBeenCalled();
    expect(stored()).toEqual([]);
    expect(cookies()).toBe('cb_consent=denied');
  });

  it('a later denial revokes a grant: ids and stored events are removed, nothing more is sent', async () => {
    clearCookies();
    localStorage.setItem('shop-cart', '[1]');
    const t = tracker();
    t.identify('42', { email: 'a@b.c' });
    await t.flush();
    env.status = 503;
    t.track('will_be_stored');
    await vi.advanceTimersByTimeAsync(3_000);
    expect(stored().some((k) => k.startsWith('cb:'))).toBe(true);
    expect(cookies()).toContain('rpdid=');
    const sent = env.fetchMock.mock.calls.length;
    t.consent('denied');
    expect(stored()).toEqual(['shop-cart']);
    expect(cookies()).toBe('cb_consent=denied');
    env.status = 200;
    t.track('after');
    await vi.advanceTimersByTimeAsync(120_000);
    expect(env.fetchMock.mock.calls.length).toBe(sent);
  });

  it('a later grant lifts a denial', async () => {
    clearCookies();
    const t = tracker({ consent: 'denied' });
    t.track('dropped');
    t.consent('granted');
    t.track('kept');
    await t.flush();
    expect(events().map((e) => e.event)).toEqual(['kept']);
    expect(cookies()).toContain('cb_consent=granted');
  });

  it('with respectGpc, Global Privacy Control counts as a denial', async () => {
    clearCookies();
    Object.defineProperty(navigator, 'globalPrivacyControl', { value: true, configurable: true });
    try {
      const t = tracker({ respectGpc: true });
      t.track('page_view');
      await vi.advanceTimersByTimeAsync(5_000);
      expect(env.fetchMock).not.toHaveBeenCalled();
      const ignoring = tracker();
      ignoring.track('page_view');
      await ignoring.flush();
      expect(events().map((e) => e.event)).toEqual(['page_view']);
    } finally {
      delete (navigator as { globalPrivacyControl?: unknown }).globalPrivacyControl;
    }
  });

  it('ignores answers other than granted or denied', async () => {
    clearCookies();
    const t = tracker({ consent: 'pending' });
    t.consent('yes' as 'granted');
    t.track('a');
    await vi.advanceTimersByTimeAsync(5_000);
    expect(env.fetchMock).not.toHaveBeenCalled();
    expect(cookies()).toBe('');
  });
});
