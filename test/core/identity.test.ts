// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createIdentity } from '../../src/core/identity.js';
import { SESSION_TIMEOUT_MS } from '../../src/core/identity.js';
import { memStorage } from '../transport/helpers.js';

const T0 = Date.UTC(2026, 0, 15, 10, 0, 0);
const MIN = 60_000;

const clearCookie = () => (document.cookie = 'cb_did=; path=/; expires=Thu, 01 Jan 1970 00:00:00 GMT');
/** Runs the deferred write (identity saves once per burst, on a timer). */
const settle = () => vi.runAllTimers();

beforeEach(() => {
  vi.useFakeTimers({ now: T0 });
  clearCookie();
});
afterEach(() => {
  vi.clearAllTimers();
  vi.useRealTimers();
});

describe('device id (did)', () => {
  it('is a UUID that survives a new page through cookie and storage', () => {
    const storage = memStorage();
    const a = createIdentity(window, storage, 'K');
    settle();
    expect(a._did).toMatch(/^[0-9a-f-]{36}$/);
    expect(createIdentity(window, storage, 'K')._did).toBe(a._did);
  });

  it('survives through the cookie alone (storage wiped)', () => {
    const a = createIdentity(window, memStorage(), 'K');
    settle();
    expect(document.cookie).toContain('cb_did=' + a._did);
    expect(createIdentity(window, memStorage(), 'K')._did).toBe(a._did);
  });

  it('survives through localStorage alone (cookie wiped)', () => {
    const storage = memStorage();
    const a = createIdentity(window, storage, 'K');
    settle();
    clearCookie();
    expect(document.cookie).not.toContain('cb_did');
    expect(createIdentity(window, storage, 'K')._did).toBe(a._did);
  });

  it('is new when neither cookie nor storage has one', () => {
    const a = createIdentity(window, memStorage(), 'K');
    settle();
    clearCookie();
    expect(createIdentity(window, memStorage(), 'K')._did).not.toBe(a._did);
  });

  it('writes nothing synchronously, then once per burst', () => {
    const storage = memStorage();
    const set = vi.spyOn(storage, '_set');
    const id = createIdentity(window, storage, 'K');
    for (let i = 0; i < 50; i++) id._touch(T0 + i);
    id._setUser({ uid: '1' });
    expect(set).not.toHaveBeenCalled();
    settle();
    expect(set.mock.calls.map((c) => c[0])).toEqual(['cb_id:K']);
  });

  it('sets a two-year, lax, site-wide cookie, secure on https', () => {
    let written = '';
    const fake = {
      document: {
        get cookie() {
          return '';
        },
        set cookie(v: string) {
          written = v;
        },
      },
      location: { protocol: 'https:' },
    };
    const id = createIdentity(fake as unknown as Window, memStorage(), 'K');
    settle();
    expect(written).toBe(`cb_did=${id._did}; path=/; max-age=63072000; samesite=lax; secure`);
  });

  // A sandboxed frame (sandbox="allow-scripts") throws on reading document.cookie.
  it('carries on when cookies throw, keeping the device id from storage', () => {
    const fake = {
      document: {
        get cookie(): string {
          throw new Error('sandboxed');
        },
        set cookie(_: string) {
          throw new Error('sandboxed');
        },
      },
      location: { protocol: 'https:' },
    };
    const storage = memStorage();
    let did = '';
    expect(() => {
      did = createIdentity(fake as unknown as Window, storage, 'K')._did;
      settle();
    }).not.toThrow();
    expect(createIdentity(fake as unknown as Window, storage, 'K')._did).toBe(did);
  });
});

describe('session id (sid)', () => {
  it('stays the same within 30 idle minutes and renews after', () => {
    const id = createIdentity(window, memStorage(), 'K');
    const first = id._sid;
    id._touch(T0 + 29 * MIN);
    expect(id._sid).toBe(first);
    id._touch(T0 + 29 * MIN + SESSION_TIMEOUT_MS); // exactly 30 minutes later: still the same session
    expect(id._sid).toBe(first);
    id._touch(T0 + 59 * MIN + SESSION_TIMEOUT_MS + 1);
    expect(id._sid).not.toBe(first);
  });

  it('is kept across page loads within 30 minutes and renewed after', () => {
    const storage = memStorage();
    const a = createIdentity(window, storage, 'K');
    settle();
    vi.setSystemTime(T0 + 20 * MIN);
    const b = createIdentity(window, storage, 'K');
    expect(b._sid).toBe(a._sid);
    settle();
    vi.setSystemTime(T0 + 20 * MIN + 31 * MIN);
    const c = createIdentity(window, storage, 'K');
    expect(c._sid).not.toBe(a._sid);
    expect(c._did).toBe(a._did);
  });

  it('is not renewed by a replayed call with an older time', () => {
    const id = createIdentity(window, memStorage(), 'K');
    const first = id._sid;
    id._touch(T0 - 60 * MIN);
    expect(id._sid).toBe(first);
    id._touch(T0 + 29 * MIN); // 29 minutes after the latest activity, not 89 after the replayed one
    expect(id._sid).toBe(first);
  });
});

describe('user', () => {
  it('persists across createIdentity calls, per API key', () => {
    const storage = memStorage();
    const a = createIdentity(window, storage, 'K');
    a._setUser({ uid: '42', email: 'a@b.c' });
    settle();
    expect(createIdentity(window, storage, 'K')._user).toEqual({ uid: '42', email: 'a@b.c' });
    expect(createIdentity(window, storage, 'OTHER')._user).toBeNull();
  });

  it('ignores a stored user that is garbage', () => {
    for (const junk of ['{not json', '[1,2]', '"text"', '42', 'null']) {
      expect(createIdentity(window, memStorage({ 'cb_id:K': junk }), 'K')._user).toBeNull();
      expect(createIdentity(window, memStorage({ 'cb_id:K': JSON.stringify({ user: junk }) }), 'K')._user).toBeNull();
    }
  });
});

describe('_setUser(null, true) (logout)', () => {
  it('gives a new did and sid and forgets the user, also for the next page', () => {
    const storage = memStorage();
    const a = createIdentity(window, storage, 'K');
    a._setUser({ uid: '42' });
    settle();
    const { _did: did, _sid: sid } = a;
    a._setUser(null, true);
    expect(a._did).not.toBe(did);
    expect(a._sid).not.toBe(sid);
    expect(a._user).toBeNull();
    settle();
    const next = createIdentity(window, storage, 'K');
    expect(next._did).toBe(a._did);
    expect(next._user).toBeNull();
    expect(JSON.parse(storage.data['cb_id:K']!).user).toBeNull();
  });
});
