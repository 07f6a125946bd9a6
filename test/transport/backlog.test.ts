// @vitest-environment node
// Node has no navigator.locks, so createBacklog takes the age-based path unless a test stubs one.
import { W_BAD_BACKLOG, W_STORAGE } from '../../src/transport/warnings.js';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  MAX_STORED_CHARS,
  MAX_STORED_EVENTS,
  ORPHAN_AGE_MS,
  STORE_VERSION,
  createBacklog,
  parseSaved,
} from '../../src/transport/backlog.js';
import type { Ev } from '../../src/transport/types.js';
import { fakeEvent, memStorage } from './helpers.js';

const T0 = Date.UTC(2026, 0, 15, 10, 0, 0);
const PREFIX = `cb:v${STORE_VERSION}:K:`;
const evs = (n: number, pad = 0) => Array.from({ length: n }, (_, i) => fakeEvent('e' + i, pad));
const names = (list: Ev[]) => list.map((e) => e.event);
const record = (t: number, q: Ev[], b: Ev[] = []) => JSON.stringify({ t, q, b });

beforeEach(() => vi.useFakeTimers({ now: T0 }));
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('the caps keep the newest events', () => {
  const ids = (list: Ev[]) => list.map((e) => e.eventId);
  const save = (q: Ev[], b: Ev[]) => {
    const storage = memStorage();
    const dropped = createBacklog(storage, 'K', 'p', vi.fn())._save(q, b);
    return { dropped, saved: JSON.parse(storage.data[PREFIX + 'p']!) as { q: Ev[]; b: Ev[] } };
  };

  it('keeps everything under the cap', () => {
    const b = evs(2);
    const q = evs(3);
    const { dropped, saved } = save(q, b);
    expect(dropped).toBe(0);
    expect(ids(saved.b)).toEqual(ids(b));
    expect(ids(saved.q)).toEqual(ids(q));
  });

  it('drops the oldest beaconed events first, then the oldest queued', () => {
    const b = evs(600);
    const q = evs(600);
    const one = save(q, b);
    expect(one.dropped).toBe(200);
    expect(ids(one.saved.b)).toEqual(ids(b.slice(200)));
    expect(ids(one.saved.q)).toEqual(ids(q));
    const few = evs(100);
    const many = evs(1_050);
    const two = save(many, few);
    expect(two.dropped).toBe(150);
    expect(two.saved.b).toEqual([]);
    expect(ids(two.saved.q)).toEqual(ids(many.slice(50)));
  });
});

describe('parseSaved', () => {
  it('accepts a stored record', () => {
    const saved = { t: 1, q: [fakeEvent()], b: [] };
    expect(parseSaved(saved)).toEqual(saved);
  });

  it.each([
    ['null', null],
    ['a number', 42],
    ['a string', 'x'],
    ['an array', [1]],
    ['an empty object', {}],
    ['t as a string', { t: '1', q: [], b: [] }],
    ['q as an object', { t: 1, q: {}, b: [] }],
    ['no b', { t: 1, q: [] }],
  ])('rejects %s', (_, value) => {
    expect(parseSaved(value)).toBeNull();
  });
});

describe('_save', () => {
  it('writes unsent and beaconed events under a versioned key per API key and page', () => {
    const storage = memStorage();
    const q = evs(2);
    const b = evs(1);
    expect(createBacklog(storage, 'K', 'page1', vi.fn())._save(q, b)).toBe(0);
    expect(Object.keys(storage.data)).toEqual([PREFIX + 'page1']);
    expect(JSON.parse(storage.data[PREFIX + 'page1']!)).toEqual({ t: T0, q, b });
  });

  it('removes the record when nothing is left', () => {
    const storage = memStorage();
    const bl = createBacklog(storage, 'K', 'page1', vi.fn());
    bl._save(evs(1), []);
    bl._save([], []);
    expect(storage.data).toEqual({});
  });

  it(`keeps the newest ${MAX_STORED_EVENTS} events and counts the dropped`, () => {
    const storage = memStorage();
    const q = evs(1_200);
    expect(createBacklog(storage, 'K', 'p', vi.fn())._save(q, [])).toBe(200);
    const saved = JSON.parse(storage.data[PREFIX + 'p']!);
    expect(saved.q).toHaveLength(MAX_STORED_EVENTS);
    expect(saved.q[0].eventId).toBe(q[200]!.eventId);
    expect(saved.q.at(-1).eventId).toBe(q.at(-1)!.eventId);
  });

  it('keeps the record under about 1 MB, dropping the oldest', () => {
    const storage = memStorage();
    const q = evs(800, 2_000); // ≈ 1.8 MB
    const dropped = createBacklog(storage, 'K', 'p', vi.fn())._save(q, []);
    const text = storage.data[PREFIX + 'p']!;
    expect(MAX_STORED_CHARS).toBe(1_000_000);
    expect(text.length).toBeLessThanOrEqual(MAX_STORED_CHARS);
    expect(text.length).toBeGreaterThan(MAX_STORED_CHARS * 0.8);
    const saved = JSON.parse(text);
    expect(dropped).toBe(800 - saved.q.length);
    expect(dropped).toBeGreaterThan(0);
    expect(saved.q.at(-1).eventId).toBe(q.at(-1)!.eventId);
  });

  it('carries on with a warning when storage refuses the write', () => {
    const warn = vi.fn();
    const bl = createBacklog(memStorage({}, true), 'K', 'p', warn);
    expect(() => bl._save(evs(3), [])).not.toThrow();
    expect(warn).toHaveBeenCalledWith(W_STORAGE);
  });
});

describe('_adopt without Web Locks', () => {
  it('takes only records of other pages older than ORPHAN_AGE_MS, beaconed events first', () => {
    const [b1, q1, q2, fresh] = evs(4);
    const storage = memStorage({
      [PREFIX + 'old']: record(T0 - ORPHAN_AGE_MS - 1, [q1!, q2!], [b1!]),
      [PREFIX + 'fresh']: record(T0 - ORPHAN_AGE_MS + 1_000, [fresh!]),
      [PREFIX + 'me']: record(T0 - 10 * ORPHAN_AGE_MS, evs(1)),
      'cb:v1:OTHER:x': record(0, evs(1)),
      'cb:v0:K:x': record(0, evs(1)),
    });
    const take = vi.fn();
    createBacklog(storage, 'K', 'me', vi.fn())._adopt(take);
    expect(take).toHaveBeenCalledTimes(1);
    expect(names(take.mock.calls[0]![0])).toEqual(names([b1!, q1!, q2!]));
    expect(Object.keys(storage.data).sort()).toEqual(
      [PREFIX + 'fresh', PREFIX + 'me', 'cb:v0:K:x', 'cb:v1:OTHER:x'].sort(),
    );
  });

  it('removes a garbage record with a warning instead of throwing', () => {
    const warn = vi.fn();
    const storage = memStorage({ [PREFIX + 'junk']: '{not json', [PREFIX + 'junk2']: '{"t":"x"}' });
    const take = vi.fn();
    expect(() => createBacklog(storage, 'K', 'me', warn)._adopt(take)).not.toThrow();
    expect(take).not.toHaveBeenCalled();
    expect(storage.data).toEqual({});
    expect(warn).toHaveBeenCalledWith(W_BAD_BACKLOG);
  });

  it('takes each record once, even when two pages adopt', () => {
    const storage = memStorage({ [PREFIX + 'old']: record(0, evs(2)) });
    const a = vi.fn();
    const b = vi.fn();
    createBacklog(storage, 'K', 'A', vi.fn())._adopt(a);
    createBacklog(storage, 'K', 'B', vi.fn())._adopt(b);
    expect(a).toHaveBeenCalledTimes(1);
    expect(b).not.toHaveBeenCalled();
  });
});

describe('_adopt with Web Locks', () => {
  /** A navigator.locks stand-in: `live` names are reported held or pending by query(). */
  function fakeLocks(held: string[], pending: string[]) {
    const requested: string[] = [];
    return {
      requested,
      request: vi.fn((name: string, cb: () => Promise<unknown>) => {
        requested.push(name);
        return name.endsWith(':') ? Promise.resolve().then(cb) : new Promise(() => {});
      }),
      query: vi.fn(async () => ({ held: held.map((name) => ({ name })), pending: pending.map((name) => ({ name })) })),
    };
  }

  it('adopts only records whose lock is neither held nor pending, whatever their age', async () => {
    const locks = fakeLocks([PREFIX + 'held', PREFIX + 'me'], [PREFIX + 'pending']);
    vi.stubGlobal('navigator', { locks });
    const [h, p, gone, closedJustNow] = evs(4);
    const storage = memStorage({
      [PREFIX + 'held']: record(0, [h!]),
      [PREFIX + 'pending']: record(0, [p!]),
      [PREFIX + 'gone']: record(0, [gone!]),
      [PREFIX + 'closed']: record(T0, [closedJustNow!]),
    });
    const take = vi.fn();
    const bl = createBacklog(storage, 'K', 'me', vi.fn());
    expect(locks.requested).toEqual([]); // nothing stored yet: no lock at start-up
    bl._save([evs(1)[0]!], []);
    expect(locks.requested).toEqual([PREFIX + 'me']); // held from the first write for the page's life
    bl._adopt(take);
    await vi.waitFor(() => expect(locks.query).toHaveBeenCalled());
    await Promise.resolve();
    expect(locks.requested).toContain(PREFIX); // one adopter at a time
    expect(take.mock.calls.flatMap((c) => names(c[0])).sort()).toEqual(names([gone!, closedJustNow!]).sort());
    expect(Object.keys(storage.data).sort()).toEqual([PREFIX + 'held', PREFIX + 'me', PREFIX + 'pending']);
  });

  it('never adopts the record of a page that wrote it while the locks were being asked for', async () => {
    // Two tabs opened together: tab B takes its lock, then writes its record, while this page's
    // query() is on its way. The answer (a snapshot from before B's lock) must not make B look gone.
    const [b] = evs(1);
    const storage = memStorage();
    const live: string[] = [];
    const locks = {
      request: vi.fn((name: string, cb: () => Promise<unknown>) =>
        name.endsWith(':') ? Promise.resolve().then(cb) : new Promise(() => {}),
      ),
      query: vi.fn(async () => {
        const snapshot = { held: live.map((name) => ({ name })), pending: [] };
        live.push(PREFIX + 'B'); // tab B: its lock first…
        storage.data[PREFIX + 'B'] = record(T0, [b!]); // …then its record
        return snapshot;
      }),
    };
    vi.stubGlobal('navigator', { locks });
    const take = vi.fn();
    createBacklog(storage, 'K', 'me', vi.fn())._adopt(take);
    await vi.waitFor(() => expect(locks.query).toHaveBeenCalled());
    await Promise.resolve();
    await Promise.resolve();
    expect(take).not.toHaveBeenCalled();
    expect(Object.keys(storage.data)).toEqual([PREFIX + 'B']);
  });

  it('reads each record after the locks answered: one the previous adopter deleted meanwhile is not sent again', async () => {
    // Tab B adopted (and deleted) a record just before this page got the adopters' lock; this
    // page's copy of localStorage still lists it until the deletion arrives, during the query.
    const storage = memStorage({ [PREFIX + 'gone']: record(0, evs(1)) });
    const locks = {
      request: vi.fn((name: string, cb: () => Promise<unknown>) =>
        name.endsWith(':') ? Promise.resolve().then(cb) : new Promise(() => {}),
      ),
      query: vi.fn(async () => {
        delete storage.data[PREFIX + 'gone']; // the deletion arrives
        return { held: [], pending: [] };
      }),
    };
    vi.stubGlobal('navigator', { locks });
    const take = vi.fn();
    const warn = vi.fn();
    createBacklog(storage, 'K', 'me', warn)._adopt(take);
    await vi.waitFor(() => expect(locks.query).toHaveBeenCalled());
    await Promise.resolve();
    expect(take).not.toHaveBeenCalled();
    expect(warn).not.toHaveBeenCalled(); // not a broken record (W24): another page took it
  });

  it('lets its lock go when the page leaves, even before it was granted, and takes it again on return', async () => {
    const locks = fakeLocks([], []);
    vi.stubGlobal('navigator', { locks });
    const bl = createBacklog(memStorage(), 'K', 'me', vi.fn());
    bl._hold(); // back from the back/forward cache, nothing stored: no lock
    expect(locks.requested).toEqual([]);
    bl._save([evs(1)[0]!], []);
    bl._release();
    bl._hold();
    expect(locks.requested).toEqual([PREFIX + 'me', PREFIX + 'me']);
  });

  it('carries on when the lock request fails', async () => {
    vi.stubGlobal('navigator', { locks: { request: vi.fn(() => Promise.reject(new Error('no'))), query: vi.fn() } });
    const take = vi.fn();
    const bl = createBacklog(memStorage({ [PREFIX + 'x']: record(0, evs(1)) }), 'K', 'me', vi.fn());
    expect(() => bl._adopt(take)).not.toThrow();
    await Promise.resolve();
    expect(take).not.toHaveBeenCalled();
  });
});
