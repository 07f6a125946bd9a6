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
  shed,
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
    const dropped = createBacklog(storage, 'K', 'p', vi.fn())._save(q, b).size;
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

  it('drops every other event before an order, beaconed or queued (issue 24)', () => {
    const [oldOrder, order] = [fakeEvent('order'), fakeEvent('order')];
    const b = [oldOrder!, ...evs(300)];
    const q = [order!, ...evs(1_200)];
    const { dropped, saved } = save(q, b);
    expect(dropped).toBe(502);
    // the two orders stay, the 300 beaconed views and the 200 oldest queued views go
    expect(ids(saved.b)).toEqual([oldOrder!.eventId]);
    expect(ids(saved.q)).toEqual(ids([order!, ...q.slice(203)]));
  });

  it('drops the oldest orders only when orders alone pass the cap', () => {
    const orders = Array.from({ length: MAX_STORED_EVENTS + 10 }, () => fakeEvent('order'));
    const { dropped, saved } = save([...orders.slice(0, 500), ...evs(5), ...orders.slice(500)], []);
    expect(dropped).toBe(15);
    expect(ids(saved.q)).toEqual(ids(orders.slice(10)));
  });

  it('keeps orders over other events under the 1 MB cap too', () => {
    const order = fakeEvent('order', 2_000);
    const { saved } = save([order, ...evs(800, 2_000)], []);
    expect(saved.q[0]!.eventId).toBe(order.eventId);
    expect(saved.q.length).toBeLessThan(801);
  });
});

describe('shed', () => {
  it('picks the oldest non-orders, then the oldest orders', () => {
    const [v1, o1, v2, o2] = [fakeEvent('view'), fakeEvent('order'), fakeEvent('page_view'), fakeEvent('order')];
    expect([...shed([v1!, o1!, v2!, o2!], 0)]).toEqual([]);
    expect([...shed([v1!, o1!, v2!, o2!], 1)]).toEqual([v1]);
    expect([...shed([v1!, o1!, v2!, o2!], 3)]).toEqual([v1, v2, o1]);
    expect([...shed([v1!, o1!], 5)]).toEqual([v1, o1]);
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
    expect(createBacklog(storage, 'K', 'page1', vi.fn())._save(q, b).size).toBe(0);
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
    expect(createBacklog(storage, 'K', 'p', vi.fn())._save(q, []).size).toBe(200);
    const saved = JSON.parse(storage.data[PREFIX + 'p']!);
    expect(saved.q).toHaveLength(MAX_STORED_EVENTS);
    expect(saved.q[0].eventId).toBe(q[200]!.eventId);
    expect(saved.q.at(-1).eventId).toBe(q.at(-1)!.eventId);
  });

  it('keeps the record under about 1 MB, dropping the oldest', () => {
    const storage = memStorage();
    const q = evs(800, 2_000); // ≈ 1.8 MB
    const dropped = createBacklog(storage, 'K', 'p', vi.fn())._save(q, []).size;
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
  type Cb = (lock: { name: string } | null) => unknown;
  /**
   * navigator.locks as the spec has it for exclusive locks: granted in request order, held until the
   * callback's result settles; with `ifAvailable` the callback gets null when the name is held or
   * already requested.
   */
  function lockManager() {
    const queues = new Map<string, (() => void)[]>(); // per name: the holder first, then the waiting
    const requested: string[] = [];
    const request = vi.fn((name: string, a: Cb | { ifAvailable?: boolean }, b?: Cb) => {
      const [opts, cb] = b ? [a as { ifAvailable?: boolean }, b] : [{}, a as Cb];
      requested.push(name);
      const q = queues.get(name) ?? [];
      queues.set(name, q);
      if (opts.ifAvailable && q.length) return Promise.resolve().then(() => cb(null));
      return new Promise((resolve, reject) => {
        const run = () =>
          Promise.resolve()
            .then(() => cb({ name }))
            .then(resolve, reject)
            .finally(() => {
              q.shift();
              q[0]?.();
            });
        if (q.push(run) === 1) run();
      });
    });
    const isHeld = (name: string) => !!queues.get(name)?.length;
    const query = async () => {
      const all = [...queues].flatMap(([name, q]) => q.map((_, i) => ({ name, i })));
      return { held: all.filter((l) => !l.i), pending: all.filter((l) => l.i) };
    };
    return { request, requested, isHeld, query };
  }
  const settle = async () => {
    for (let i = 0; i < 20; i++) await Promise.resolve();
  };

  it('adopts only records whose lock is free, whatever their age, and holds their locks while it lives', async () => {
    const locks = lockManager();
    vi.stubGlobal('navigator', { locks });
    const [live, gone, closedJustNow] = evs(3);
    // another page, alive: it holds the lock named after its record
    const other = createBacklog(memStorage(), 'K', 'live', vi.fn());
    other._save([live!], []);
    const storage = memStorage({
      [PREFIX + 'live']: record(0, [live!]),
      [PREFIX + 'gone']: record(0, [gone!]),
      [PREFIX + 'closed']: record(T0, [closedJustNow!]),
    });
    const take = vi.fn();
    const bl = createBacklog(storage, 'K', 'me', vi.fn());
    bl._save([evs(1)[0]!], []);
    expect(locks.requested).toEqual([PREFIX + 'live', PREFIX + 'me']); // each page's from its first write
    await settle();
    bl._adopt(take);
    await settle();
    expect(take.mock.calls.flatMap((c) => names(c[0])).sort()).toEqual(names([gone!, closedJustNow!]).sort());
    expect(Object.keys(storage.data).sort()).toEqual([PREFIX + 'live', PREFIX + 'me']);
    expect(locks.isHeld(PREFIX + 'gone')).toBe(true);
    bl._release();
    await settle();
    expect(['me', 'gone', 'closed'].map((p) => locks.isHeld(PREFIX + p))).toEqual([false, false, false]);
    expect(locks.isHeld(PREFIX + 'live')).toBe(true);
  });

  it("takes a record once while a second page's localStorage still lists it (deletions reach other pages late)", async () => {
    // CI saw tab A's 30 events sent by both tabs opened after it: tab B adopted A's record and
    // deleted it, and tab C, whose copy of localStorage had not yet heard of the deletion, took it too.
    const locks = lockManager();
    vi.stubGlobal('navigator', { locks });
    const a = evs(3);
    const viewB = memStorage({ [PREFIX + 'A']: record(T0, a) });
    const viewC = memStorage({ [PREFIX + 'A']: record(T0, a) });
    const [takeB, takeC] = [vi.fn(), vi.fn()];
    createBacklog(viewB, 'K', 'B', vi.fn())._adopt(takeB);
    await settle();
    createBacklog(viewC, 'K', 'C', vi.fn())._adopt(takeC);
    await settle();
    expect(takeB.mock.calls.flatMap((c) => names(c[0]))).toEqual(names(a));
    expect(takeC).not.toHaveBeenCalled();
    expect(viewB.data).toEqual({});
  });

  it('adopts the record of a page once that page has left, not before', async () => {
    const locks = lockManager();
    vi.stubGlobal('navigator', { locks });
    const storage = memStorage();
    const leaving = createBacklog(storage, 'K', 'A', vi.fn());
    leaving._save(evs(2), []);
    const take = vi.fn();
    const next = createBacklog(storage, 'K', 'B', vi.fn());
    await settle();
    next._adopt(take);
    await settle();
    expect(take).not.toHaveBeenCalled();
    leaving._release();
    await settle();
    next._adopt(take);
    await settle();
    expect(take.mock.calls.flatMap((c) => names(c[0]))).toEqual(names(evs(2)));
  });

  it('skips a record another page adopted since it was listed, without a warning', async () => {
    const storage = memStorage({ [PREFIX + 'gone']: record(0, evs(1)) });
    const locks = lockManager();
    vi.stubGlobal('navigator', { locks });
    const take = vi.fn();
    const warn = vi.fn();
    createBacklog(storage, 'K', 'me', warn)._adopt(take);
    delete storage.data[PREFIX + 'gone']; // taken by another page before this page's lock was granted
    await settle();
    expect(take).not.toHaveBeenCalled();
    expect(warn).not.toHaveBeenCalled(); // not a broken record (W24): another page took it
  });

  it('lets its lock go when the page leaves, even before it was granted, and takes it again on return', async () => {
    const locks = lockManager();
    vi.stubGlobal('navigator', { locks });
    const bl = createBacklog(memStorage(), 'K', 'me', vi.fn());
    bl._hold(); // back from the back/forward cache, nothing stored: no lock
    expect(locks.requested).toEqual([]);
    bl._save([evs(1)[0]!], []);
    bl._release();
    await settle();
    expect(locks.isHeld(PREFIX + 'me')).toBe(false);
    bl._hold();
    await settle();
    expect(locks.requested).toEqual([PREFIX + 'me', PREFIX + 'me']);
    expect(locks.isHeld(PREFIX + 'me')).toBe(true);
  });

  it('carries on when the lock request fails', async () => {
    vi.stubGlobal('navigator', { locks: { request: vi.fn(() => Promise.reject(new Error('no'))) } });
    const take = vi.fn();
    const bl = createBacklog(memStorage({ [PREFIX + 'x']: record(0, evs(1)) }), 'K', 'me', vi.fn());
    expect(() => bl._adopt(take)).not.toThrow();
    await settle();
    expect(take).not.toHaveBeenCalled();
  });

  it('carries on with a shim that runs the callback and returns no Promise, or throws (issue 24)', () => {
    const [earlier] = evs(1);
    vi.stubGlobal('navigator', {
      locks: { request: (_: string, a: unknown, b?: unknown) => void ((b ?? a) as Cb)({ name: 'x' }) },
    });
    const storage = memStorage({ [PREFIX + 'x']: record(0, [earlier!]) });
    const bl = createBacklog(storage, 'K', 'me', vi.fn());
    const take = vi.fn();
    expect(() => bl._adopt(take)).not.toThrow();
    expect(take).toHaveBeenCalledWith([earlier]);
    expect(() => bl._save(evs(2), [])).not.toThrow();
    expect(storage.data[PREFIX + 'me']).toBeDefined();
    vi.stubGlobal('navigator', {
      locks: {
        request: () => {
          throw new TypeError('not supported');
        },
      },
    });
    const other = createBacklog(memStorage({ [PREFIX + 'x']: record(0, evs(1)) }), 'K', 'me', vi.fn());
    expect(() => other._adopt(vi.fn())).not.toThrow();
    expect(() => other._save(evs(1), [])).not.toThrow();
  });
});
