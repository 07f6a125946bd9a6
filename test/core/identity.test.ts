// @vitest-environment happy-dom
// Identity kept where Richpanel's script keeps it: rpdid / rpsid / rptkn cookies, rpuid and
// userProperties in localStorage, plus a localStorage copy of the ids where cookies are blocked.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { capUser, createIdentity, forget, MAX_USER_CHARS, SESSION_TIMEOUT_MS } from '../../src/core/identity.js';
import { readCookies } from '../../src/core/cookies.js';
import { memStorage } from '../transport/helpers.js';

const T0 = Date.UTC(2026, 0, 15, 10, 0, 0);
const HOUR = 3_600_000;

const clearCookies = () => {
  for (const name of ['rpdid', 'rpsid', 'rptkn', 'cb_consent'])
    document.cookie = `${name}=; path=/; expires=Thu, 01 Jan 1970 00:00:00 GMT`;
};
const cookie = (name: string) => new RegExp(`(?:^|; )${name}=([^;]*)`).exec(document.cookie)?.[1];
/** Runs the deferred write (identity saves once per burst, on a timer). */
const settle = () => vi.runAllTimers();

beforeEach(() => {
  vi.useFakeTimers({ now: T0 });
  clearCookies();
});
afterEach(() => {
  vi.clearAllTimers();
  vi.useRealTimers();
});

/** A window whose cookie jar records every write (happy-dom ignores domain and secure). */
function fakeWindow(hostname: string, protocol = 'https:', jar = '') {
  const writes: string[] = [];
  return {
    writes,
    w: {
      document: {
        get cookie() {
          return jar;
        },
        set cookie(v: string) {
          writes.push(v);
        },
      },
      location: { protocol, hostname },
    } as unknown as Window,
  };
}

describe('readCookies', () => {
  it('reads every name = value pair, decoded, skipping pairs without a name', () => {
    const { w } = fakeWindow('shop.example', 'https:', 'flag; rpdid=a%20b;rpsid=s=1; =x; cb_consent=granted');
    expect(readCookies(w)).toEqual({ rpdid: 'a b', rpsid: 's=1', cb_consent: 'granted' });
  });

  it("keeps reading past another script's cookie that is not URI-encoded", () => {
    const { w } = fakeWindow('shop.example', 'https:', 'promo=100%; rpdid=d1; cb_consent=denied');
    expect(readCookies(w)).toEqual({ promo: '100%', rpdid: 'd1', cb_consent: 'denied' });
  });
});

describe('device id (did)', () => {
  it('is a UUID kept in the rpdid cookie and in storage, so a new page has the same one', () => {
    const storage = memStorage();
    const a = createIdentity(window, storage, 'K');
    settle();
    expect(a._did).toMatch(/^[0-9a-f-]{36}$/);
    expect(cookie('rpdid')).toBe(a._did);
    expect(cookie('rptkn')).toBe('K');
    expect(createIdentity(window, storage, 'K')._did).toBe(a._did);
  });

  it("adopts the ids Richpanel's script left in its cookies", () => {
    document.cookie = 'rpdid=dev-from-richpanel; path=/';
    document.cookie = 'rpsid=ses-from-richpanel; path=/';
    document.cookie = 'rptkn=K; path=/';
    const id = createIdentity(window, memStorage(), 'K');
    expect(id._did).toBe('dev-from-richpanel');
    expect(id._sid).toBe('ses-from-richpanel');
  });

  it('starts new ids when the cookies belong to another API key (rptkn)', () => {
    document.cookie = 'rpdid=dev-of-other; path=/';
    document.cookie = 'rpsid=ses-of-other; path=/';
    document.cookie = 'rptkn=OTHER; path=/';
    const id = createIdentity(window, memStorage(), 'K');
    expect(id._did).not.toBe('dev-of-other');
    expect(id._sid).not.toBe('ses-of-other');
    settle();
    expect(cookie('rptkn')).toBe('K');
    expect(cookie('rpdid')).toBe(id._did);
  });

  it('survives through localStorage alone (cookies wiped)', () => {
    const storage = memStorage();
    const a = createIdentity(window, storage, 'K');
    settle();
    clearCookies();
    expect(createIdentity(window, storage, 'K')._did).toBe(a._did);
  });

  it('ignores a stored copy of the ids that is garbage', () => {
    for (const junk of [
      '{not json',
      '[1]',
      '"text"',
      '42',
      'null',
      '{"did":5,"sid":{},"at":"x"}',
      '{"did":"","sid":""}',
    ]) {
      const id = createIdentity(window, memStorage({ 'cb_id:K': junk }), 'K');
      expect(id._did, junk).toMatch(/^[0-9a-f-]{36}$/);
      expect(id._sid, junk).toMatch(/^[0-9a-f-]{36}$/);
    }
    // a session without a time of last activity is not continued
    for (const at of ['"x"', 'null', '[]', '{}']) {
      const id = createIdentity(window, memStorage({ 'cb_id:K': `{"did":"d","sid":"s","at":${at}}` }), 'K');
      expect([id._did, id._sid === 's'], at).toEqual(['d', false]);
    }
  });

  it('is new when neither cookie nor storage has one', () => {
    const a = createIdentity(window, memStorage(), 'K');
    settle();
    clearCookies();
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
    expect(set.mock.calls.map((c) => c[0])).toEqual(['cb_id:K', 'rpuid', 'userProperties']);
  });

  it("sets Richpanel's lifetimes, lax and secure, on the shop's domain without www", () => {
    const { w, writes } = fakeWindow('www.shop.example');
    createIdentity(w, memStorage(), 'K');
    settle();
    expect(writes).toEqual([
      expect.stringMatching(
        /^rpdid=[0-9a-f-]{36}; path=\/; max-age=117194400; samesite=lax; secure; domain=shop\.example$/,
      ),
      expect.stringMatching(
        /^rpsid=[0-9a-f-]{36}; path=\/; max-age=21600; samesite=lax; secure; domain=shop\.example$/,
      ),
      'rptkn=K; path=/; max-age=117194400; samesite=lax; secure; domain=shop.example',
    ]);
  });

  it('keeps cookies host-only on localhost and IP addresses, and not secure on http', () => {
    for (const host of ['localhost', '127.0.0.1']) {
      const { w, writes } = fakeWindow(host, 'http:');
      createIdentity(w, memStorage(), 'K');
      settle();
      expect(writes[2]).toBe('rptkn=K; path=/; max-age=117194400; samesite=lax');
    }
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
      location: { protocol: 'https:', hostname: 'shop.example' },
    };
    const storage = memStorage();
    let did = '';
    expect(() => {
      did = createIdentity(fake as unknown as Window, storage, 'K')._did;
      settle();
    }).not.toThrow();
    expect(createIdentity(fake as unknown as Window, storage, 'K')._did).toBe(did);
  });

  it('without storage (consent not given) reads and writes nothing', () => {
    document.cookie = 'rpdid=stored; path=/';
    const { w, writes } = fakeWindow('shop.example', 'https:', 'rpdid=stored');
    const id = createIdentity(w, null, 'K');
    id._touch(T0 + 1);
    id._setUser({ uid: '1' });
    settle();
    expect(id._did).not.toBe('stored');
    expect(writes).toEqual([]);
  });
});

describe('session id (sid)', () => {
  it("stays the same within 6 idle hours (Richpanel's rpsid) and renews after", () => {
    const id = createIdentity(window, memStorage(), 'K');
    const first = id._sid;
    id._touch(T0 + 5 * HOUR);
    expect(id._sid).toBe(first);
    id._touch(T0 + 5 * HOUR + SESSION_TIMEOUT_MS); // exactly 6 hours later: still the same session
    expect(id._sid).toBe(first);
    id._touch(T0 + 11 * HOUR + SESSION_TIMEOUT_MS + 1);
    expect(id._sid).not.toBe(first);
  });

  it('is kept across page loads within 6 hours and renewed after (storage only, cookies blocked)', () => {
    const storage = memStorage();
    const a = createIdentity(window, storage, 'K');
    a._touch(T0);
    settle();
    clearCookies();
    vi.setSystemTime(T0 + 2 * HOUR);
    const b = createIdentity(window, storage, 'K');
    expect(b._sid).toBe(a._sid);
    settle();
    clearCookies();
    vi.setSystemTime(T0 + 2 * HOUR + 7 * HOUR);
    const c = createIdentity(window, storage, 'K');
    expect(c._sid).not.toBe(a._sid);
    expect(c._did).toBe(a._did);
  });

  it('is not renewed by a replayed call with an older time', () => {
    const id = createIdentity(window, memStorage(), 'K');
    id._touch(T0);
    const first = id._sid;
    id._touch(T0 - 60 * HOUR);
    expect(id._sid).toBe(first);
    id._touch(T0 + 5 * HOUR); // 5 hours after the latest activity, not 65 after the replayed one
    expect(id._sid).toBe(first);
  });
});

describe('user', () => {
  it("persists in Richpanel's rpuid and userProperties, and not for another API key", () => {
    const storage = memStorage();
    const a = createIdentity(window, storage, 'K');
    a._setUser({ uid: '42', email: 'a@b.c' });
    settle();
    expect(storage.data.rpuid).toBe('42');
    expect(JSON.parse(storage.data.userProperties!)).toEqual({ email: 'a@b.c' });
    expect(createIdentity(window, storage, 'K')._user).toEqual({ uid: '42', email: 'a@b.c' });
    expect(createIdentity(window, storage, 'OTHER')._user).toBeNull();
  });

  it("adopts the customer Richpanel's script identified", () => {
    const storage = memStorage({ rpuid: '"1234"', userProperties: JSON.stringify({ firstName: 'Ann', phone: 123 }) });
    expect(createIdentity(window, storage, 'K')._user).toEqual({ uid: '1234', firstName: 'Ann', phone: 123 });
    expect(createIdentity(window, memStorage({ rpuid: 'abc-1' }), 'K')._user).toEqual({ uid: 'abc-1' });
  });

  it('ignores stored user properties that are garbage', () => {
    for (const junk of ['{not json', '[1,2]', '"text"', '42', 'null'])
      expect(createIdentity(window, memStorage({ rpuid: '7', userProperties: junk }), 'K')._user).toEqual({ uid: '7' });
    expect(createIdentity(window, memStorage({ userProperties: '{"a":1}' }), 'K')._user).toBeNull();
  });

  it('caps a stored user that is too large, keeping uid and the small values', () => {
    const big = 'x'.repeat(8_000);
    const storage = memStorage({ rpuid: '9', userProperties: JSON.stringify({ email: 'a@b.c', a: big, b: big }) });
    expect(createIdentity(window, storage, 'K')._user).toEqual({ uid: '9', email: 'a@b.c' });
  });
});

describe('capUser', () => {
  it('keeps a user within the limit as it is', () => {
    const user = { uid: '1', email: 'a@b.c' };
    expect(capUser(user)).toEqual([user, false]);
  });

  it('leaves out the largest values first until the user fits, never the uid', () => {
    const seven = Object.fromEntries(Array.from({ length: 7 }, (_, i) => ['p' + i, String(i).repeat(8_000)]));
    const [user, cut] = capUser({ uid: '42', email: 'a@b.c', ...seven });
    expect(cut).toBe(true);
    expect(user).toEqual({ uid: '42', email: 'a@b.c' });
    expect(capUser({ uid: 'u'.repeat(5_000), email: 'a@b.c' })[0]).toEqual({ uid: 'u'.repeat(5_000) });
    const [some] = capUser({ uid: '1', a: 'a'.repeat(1_000), b: 'b'.repeat(3_000), c: 'c'.repeat(2_000) });
    expect(Object.keys(some)).toEqual(['uid', 'a', 'c']);
    expect(JSON.stringify(some).length).toBeLessThanOrEqual(MAX_USER_CHARS);
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
    expect(storage.data.rpuid).toBeUndefined();
    expect(storage.data.userProperties).toBeUndefined();
  });
});

describe('forget (consent denied)', () => {
  it("removes every cookie and storage entry cartbeacon or Richpanel's script set, and nothing else", () => {
    const storage = memStorage({
      rpuid: '1',
      rpcuid: 'c',
      userProperties: '{}',
      'cb_id:K': '{}',
      'cb:v1:K:page': '{}',
      'shop-cart': '[1]',
    });
    createIdentity(window, storage, 'K');
    settle();
    expect(cookie('rpdid')).toBeTruthy();
    forget(window, storage);
    expect(Object.keys(storage.data)).toEqual(['shop-cart']);
    expect(cookie('rpdid')).toBeUndefined();
    expect(cookie('rpsid')).toBeUndefined();
    expect(cookie('rptkn')).toBeUndefined();
  });
});
