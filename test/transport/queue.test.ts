// @vitest-environment node
// The batching dispatcher with its shells mocked: a fake POST, a fake beacon, a switchable
// navigator.onLine, a real backlog over in-memory storage, and fake timers.
import { W_BACKLOG_FULL, W_REFUSED, W_RETRY, W_TOO_LARGE } from '../../src/transport/warnings.js';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MAX_STORED_EVENTS, STORE_VERSION, createBacklog } from '../../src/transport/backlog.js';
import { MAX_BODY_BYTES } from '../../src/protocol/limits.js';
import { createQueue } from '../../src/transport/queue.js';
import type { Answer } from '../../src/transport/send.js';
import type { Ev } from '../../src/transport/types.js';
import { Buffer } from 'node:buffer';
import { decodeBody, fakeEvent, memStorage, namesIn } from './helpers.js';

const shells = {
  post: vi.fn<(url: string, body: string) => Promise<Answer>>(),
  beacon: vi.fn<(url: string, body: string) => boolean>(),
};
/** The network shell the queue is given: the fakes above. */
const net = {
  _post: (url: string, body: string) => shells.post(url, body),
  _beacon: (url: string, body: string) => shells.beacon(url, body),
};

const T0 = Date.UTC(2026, 0, 15, 10, 0, 0);
const HOST = 'http://collector.test';
const URL = HOST + '/v2/bt';
const RECORD = `cb:v${STORE_VERSION}:K:page`;

type Reply = (body: string, n: number) => Answer | Promise<Answer>;
const ok: Answer = [200, null];
const status = (s: number, retryAfter: string | null = null): Answer => [s, retryAfter];

function setup(reply: Reply = () => ok) {
  const storage = memStorage();
  const warn = vi.fn();
  const posts: { at: number; body: string }[] = [];
  const beacons: string[] = [];
  const env = { online: true, beaconOk: (_body: string) => true, reply };
  vi.stubGlobal('navigator', {
    get onLine() {
      return env.online;
    },
  });
  const post = shells.post.mockImplementation(async (url, body) => {
    expect(url).toBe(URL);
    posts.push({ at: Date.now(), body });
    return env.reply(body, posts.length);
  });
  const beacon = shells.beacon.mockImplementation((url, body) => {
    expect(url).toBe(URL);
    const accepted = env.beaconOk(body);
    if (accepted) beacons.push(body);
    return accepted;
  });
  const queue = createQueue(
    {
      _host: HOST,
      _header: () => ({ event: 'send_batch', appClientId: 'K' }),
      _flushDelay: 1_000,
      _warn: warn,
    },
    createBacklog(storage, 'K', 'page', warn),
    net,
  );
  const add = (...events: Ev[]) => {
    for (const e of events) queue._add(e);
  };
  const stored = () => (storage.data[RECORD] ? (JSON.parse(storage.data[RECORD]) as { q: Ev[]; b: Ev[] }) : null);
  const delivered = (upTo = posts.length) => posts.slice(0, upTo).flatMap((p) => namesIn(p.body));
  return { queue, add, posts, beacons, post, beacon, warn, env, stored, delivered };
}

const evs = (n: number, prefix = 'e', pad = 0) => Array.from({ length: n }, (_, i) => fakeEvent(prefix + i, pad));

beforeEach(() => {
  vi.useFakeTimers({ now: T0 });
  vi.spyOn(Math, 'random').mockReturnValue(1); // jitter at its top: backoff(n) = min(60 s, 1 s * 2^n)
});
afterEach(() => {
  vi.clearAllTimers();
  vi.useRealTimers();
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
  shells.post.mockReset();
  shells.beacon.mockReset();
});

describe('batching', () => {
  it('sends after the idle delay, in order, in batches of at most 25, one request at a time', async () => {
    let release: () => void = () => {};
    const t = setup(() => new Promise<Answer>((r) => (release = () => r(ok))));
    t.add(...evs(60));
    await vi.advanceTimersByTimeAsync(0);
    expect(t.posts).toHaveLength(1); // 25 queued: no need to wait for the idle delay
    await vi.advanceTimersByTimeAsync(5_000);
    expect(t.posts).toHaveLength(1); // the first is unanswered: nothing else goes
    for (let i = 0; i < 2; i++) {
      release();
      await vi.advanceTimersByTimeAsync(0);
    }
    release();
    await vi.advanceTimersByTimeAsync(0);
    expect(t.posts.map((p) => decodeBody(p.body).events.length)).toEqual([25, 25, 10]);
    expect(t.delivered()).toEqual(evs(60).map((_, i) => 'e' + i));
  });

  it('waits the idle delay for a small batch', async () => {
    const t = setup();
    t.add(...evs(3));
    await vi.advanceTimersByTimeAsync(999);
    expect(t.posts).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(t.posts).toHaveLength(1);
    expect(decodeBody(t.posts[0]!.body)).toEqual({
      event: 'send_batch',
      appClientId: 'K',
      events: evs(3).map(() => expect.any(Object)),
    });
  });

  it('keeps every body within 64,000 bytes', async () => {
    const t = setup();
    t.add(...evs(40, 'big', 6_000));
    await vi.advanceTimersByTimeAsync(10_000);
    expect(t.delivered()).toHaveLength(40);
    expect(t.posts.length).toBeGreaterThan(4);
    for (const p of t.posts) expect(p.body.length).toBeLessThanOrEqual(MAX_BODY_BYTES);
  });

  it('flush() sends now and resolves true once delivered', async () => {
    const t = setup();
    t.add(...evs(2));
    await expect(t.queue._flush()).resolves.toBe(true);
    expect(t.posts).toHaveLength(1);
    expect(Date.now()).toBe(T0);
  });

  it('stores pending events until they are delivered', async () => {
    const t = setup(() => status(503));
    t.add(...evs(2));
    await vi.advanceTimersByTimeAsync(0);
    expect(t.stored()!.q.map((e) => e.event)).toEqual(['e0', 'e1']);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(t.stored()!.q.map((e) => e.event)).toEqual(['e0', 'e1']);
    t.env.reply = () => ok;
    await vi.advanceTimersByTimeAsync(2_000);
    expect(t.stored()).toBeNull();
  });

  it('forgets the oldest events the full backlog dropped, and sends the newest', async () => {
    const t = setup();
    t.env.online = false;
    const all = evs(MAX_STORED_EVENTS + 5);
    t.add(...all);
    await vi.advanceTimersByTimeAsync(0);
    expect(t.warn).toHaveBeenCalledWith(W_BACKLOG_FULL, 5);
    expect(t.stored()!.q.map((e) => e.eventId)).toEqual(all.slice(5).map((e) => e.eventId));
    t.env.online = true;
    await expect(t.queue._flush()).resolves.toBe(true);
    expect(t.delivered()).toEqual(all.slice(5).map((e) => e.event));
  });

  it('keeps an order the cap would have dropped first, while the collector is up (issue 24)', async () => {
    const t = setup();
    const order = fakeEvent('order');
    t.add(order, ...evs(1_200, 'view')); // one loop: the save of the next task finds 1,201
    await vi.advanceTimersByTimeAsync(0);
    await expect(t.queue._flush()).resolves.toBe(true);
    expect(t.warn).toHaveBeenCalledWith(W_BACKLOG_FULL, 201);
    const sent = t.delivered();
    expect(sent).toHaveLength(MAX_STORED_EVENTS);
    expect(sent[0]).toBe('order');
    expect(sent).not.toContain('view200');
    expect(sent).toContain('view201');
  });

  it('sends adopted events from an earlier page first', async () => {
    const t = setup();
    t.add(fakeEvent('now'));
    t.queue._adopt([fakeEvent('old1'), fakeEvent('old2')]);
    await vi.advanceTimersByTimeAsync(0);
    expect(t.delivered()).toEqual(['old1', 'old2', 'now']);
  });
});

describe('the status policy', () => {
  it('retries on 503 with backoff (1 s, then 2 s), resending the same eventIds', async () => {
    const t = setup((_, n) => (n < 3 ? status(503) : ok));
    t.add(...evs(2));
    await vi.advanceTimersByTimeAsync(1_000);
    expect(t.posts.map((p) => p.at - T0)).toEqual([1_000]);
    await vi.advanceTimersByTimeAsync(999);
    expect(t.posts).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(t.posts.map((p) => p.at - T0)).toEqual([1_000, 2_000]);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(t.posts.map((p) => p.at - T0)).toEqual([1_000, 2_000, 4_000]);
    const ids = t.posts.map((p) => decodeBody(p.body).events.map((e) => e.eventId));
    expect(ids[1]).toEqual(ids[0]);
    expect(ids[2]).toEqual(ids[0]);
    await vi.advanceTimersByTimeAsync(120_000);
    expect(t.posts).toHaveLength(3);
    expect(t.warn).toHaveBeenCalledWith(W_RETRY, 503);
  });

  it('retries network errors (status 0)', async () => {
    const t = setup((_, n) => (n === 1 ? status(0) : ok));
    t.add(...evs(1));
    await vi.advanceTimersByTimeAsync(2_000);
    expect(t.posts).toHaveLength(2);
    expect(t.delivered(1)).toEqual(t.delivered().slice(1));
  });

  it('never waits longer than 60 s between retries', async () => {
    const t = setup(() => status(500));
    t.add(...evs(1));
    await vi.advanceTimersByTimeAsync(1_000 + 1_000 + 2_000 + 4_000 + 8_000 + 16_000 + 32_000);
    expect(t.posts).toHaveLength(7);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(t.posts).toHaveLength(8);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(t.posts).toHaveLength(9);
  });

  it('obeys Retry-After: no request before 3 s after a 429 with Retry-After: 3', async () => {
    const t = setup((_, n) => (n === 1 ? status(429, '3') : ok));
    t.add(...evs(1));
    await vi.advanceTimersByTimeAsync(1_000);
    await vi.advanceTimersByTimeAsync(2_999);
    expect(t.posts).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(t.posts.map((p) => p.at - T0)).toEqual([1_000, 4_000]);
  });

  it('still backs off when Retry-After asks for no wait (0 or a past date)', async () => {
    for (const header of ['0', 'Thu, 01 Jan 2015 00:00:00 GMT']) {
      const t = setup((_, n) => (n < 200 ? status(503, header) : ok)); // ends the storm if there is one
      t.add(...evs(1));
      await vi.advanceTimersByTimeAsync(1_000);
      await vi.advanceTimersByTimeAsync(400);
      expect(t.posts.length, header).toBeLessThanOrEqual(2);
    }
  });

  it('does not send new events while backing off', async () => {
    const t = setup((_, n) => (n === 1 ? status(503, '10') : ok));
    t.add(fakeEvent('a'));
    await vi.advanceTimersByTimeAsync(1_000);
    t.add(fakeEvent('b'));
    await vi.advanceTimersByTimeAsync(9_999);
    expect(t.posts).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(t.delivered()).toEqual(['a', 'a', 'b']);
  });

  it('flush() resolves false while the collector fails', async () => {
    const t = setup(() => status(503));
    t.add(...evs(1));
    await expect(t.queue._flush()).resolves.toBe(false);
  });

  it('splits a batch on 413 until it fits', async () => {
    const t = setup((body) => (decodeBody(body).events.length > 10 ? status(413) : ok));
    t.add(...evs(25));
    await vi.advanceTimersByTimeAsync(10);
    const accepted = t.posts.filter((p) => decodeBody(p.body).events.length <= 10).flatMap((p) => namesIn(p.body));
    expect(accepted).toEqual(evs(25).map((_, i) => 'e' + i));
    expect(t.stored()).toBeNull();
  });

  it('drops a single event still too large after splitting, and the events behind it still go', async () => {
    const t = setup((body) => (namesIn(body).includes('huge') ? status(413) : ok));
    t.add(fakeEvent('a'), fakeEvent('huge'), fakeEvent('c'), fakeEvent('d'));
    await expect(t.queue._flush()).resolves.toBe(true);
    const accepted = t.posts.filter((p) => !namesIn(p.body).includes('huge')).flatMap((p) => namesIn(p.body));
    expect(accepted).toEqual(['a', 'c', 'd']);
    expect(t.posts.filter((p) => namesIn(p.body).join() === 'huge')).toHaveLength(1);
    expect(t.warn).toHaveBeenCalledWith(W_REFUSED, 413);
    const sent = t.posts.length;
    await vi.advanceTimersByTimeAsync(120_000);
    expect(t.posts).toHaveLength(sent); // dropped for good: never retried
  });

  it('drops an event too large for any body without sending it, and sends the rest', async () => {
    const t = setup();
    t.add(fakeEvent('a'), fakeEvent('huge', 70_000), fakeEvent('b'));
    await expect(t.queue._flush()).resolves.toBe(true);
    expect(t.delivered()).toEqual(['a', 'b']);
    expect(t.warn).toHaveBeenCalledWith(W_TOO_LARGE);
  });

  it('drops a batch answered 400 with a warning and goes on', async () => {
    const t = setup((_, n) => (n === 1 ? status(400) : ok));
    t.add(...evs(30));
    await expect(t.queue._flush()).resolves.toBe(true);
    expect(t.posts.map((p) => decodeBody(p.body).events.length)).toEqual([25, 5]);
    expect(t.warn).toHaveBeenCalledWith(W_REFUSED, 400);
    await vi.advanceTimersByTimeAsync(120_000);
    expect(t.posts).toHaveLength(2);
    expect(t.stored()).toBeNull();
  });
});

describe('offline', () => {
  it('sends nothing while offline and sends when woken', async () => {
    const t = setup();
    t.env.online = false;
    t.add(...evs(3));
    await vi.advanceTimersByTimeAsync(600_000);
    await expect(t.queue._flush()).resolves.toBe(false);
    expect(t.posts).toHaveLength(0);
    expect(t.stored()!.q).toHaveLength(3);
    t.env.online = true;
    t.queue._wake();
    await vi.advanceTimersByTimeAsync(0);
    expect(t.delivered()).toEqual(['e0', 'e1', 'e2']);
  });

  it('retries early when woken during a backoff', async () => {
    const t = setup((_, n) => (n === 1 ? status(503, '120') : ok));
    t.add(...evs(1));
    await vi.advanceTimersByTimeAsync(1_000);
    t.queue._wake();
    await vi.advanceTimersByTimeAsync(0);
    expect(t.posts).toHaveLength(2);
  });
});

describe('leaving the page', () => {
  it('beacons everything pending in bodies of at most 64,000 bytes and keeps it stored as unconfirmed', async () => {
    const t = setup();
    t.add(...evs(30, 's'), ...evs(20, 'L', 5_000));
    t.queue._leave();
    expect(t.posts).toHaveLength(0);
    expect(t.beacons.length).toBeGreaterThan(2);
    for (const body of t.beacons) expect(body.length).toBeLessThanOrEqual(MAX_BODY_BYTES);
    expect(t.beacons.flatMap(namesIn)).toEqual([...evs(30, 's'), ...evs(20, 'L')].map((e) => e.event));
    const saved = t.stored()!;
    expect(saved.q).toEqual([]);
    expect(saved.b.map((e) => e.event)).toEqual(t.beacons.flatMap(namesIn));
    await vi.advanceTimersByTimeAsync(60_000);
    expect(t.posts).toHaveLength(0); // handed over: not sent twice by this page
  });

  it('retries a refused beacon in smaller bodies', async () => {
    const t = setup();
    t.env.beaconOk = (body) => body.length <= 16_000;
    t.add(...evs(25, 'm', 1_000));
    t.queue._leave();
    expect(t.beacon.mock.calls[0]![1].length).toBeGreaterThan(16_000);
    expect(t.beacons.length).toBeGreaterThan(1);
    for (const body of t.beacons) expect(body.length).toBeLessThanOrEqual(16_000);
    expect(t.beacons.flatMap(namesIn)).toEqual(evs(25, 'm').map((e) => e.event));
  });

  it('keeps events a beacon refused stored for the next page', async () => {
    const t = setup();
    t.env.beaconOk = () => false;
    t.add(...evs(3));
    t.queue._leave();
    expect(t.stored()!.b.map((e) => e.event)).toEqual(['e0', 'e1', 'e2']);
  });

  it('includes events in flight, and forgets them when that request succeeds', async () => {
    let release: (a: Answer) => void = () => {};
    const t = setup(() => new Promise<Answer>((r) => (release = r)));
    t.add(...evs(2));
    await vi.advanceTimersByTimeAsync(1_000);
    expect(t.posts).toHaveLength(1);
    t.queue._leave();
    expect(t.beacons.flatMap(namesIn)).toEqual(['e0', 'e1']);
    expect(t.stored()!.b).toHaveLength(2);
    release(ok);
    await vi.advanceTimersByTimeAsync(0);
    expect(t.stored()).toBeNull();
    expect(t.posts).toHaveLength(1);
  });

  it('sends what the beacons took again at the next send, and flush() is true only once the collector has it (issue 24)', async () => {
    const t = setup(() => status(503));
    t.add(fakeEvent('order'), ...evs(2));
    await vi.advanceTimersByTimeAsync(1_000); // the collector is down
    t.queue._leave(); // the tab is hidden: the beacons go nowhere
    expect(t.stored()!.b.map((e) => e.event)).toEqual(['order', 'e0', 'e1']);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(t.posts).toHaveLength(1); // no retry while hidden
    // shown again (the transport flushes): still down, and flush() says so
    await expect(t.queue._flush()).resolves.toBe(false);
    t.env.reply = () => ok;
    await vi.advanceTimersByTimeAsync(60_000); // the retry after the backoff
    expect(t.delivered().slice(-3)).toEqual(['order', 'e0', 'e1']);
    expect(t.stored()).toBeNull();
    await expect(t.queue._flush()).resolves.toBe(true);
  });

  it('flush() after a leave resends the beaconed events before it answers true', async () => {
    const t = setup();
    t.add(...evs(2));
    t.queue._leave();
    expect(t.posts).toHaveLength(0);
    await expect(t.queue._flush()).resolves.toBe(true);
    expect(t.delivered()).toEqual(['e0', 'e1']);
  });

  it('flush() answers false while a beaconed event is unconfirmed and it cannot send (offline)', async () => {
    const t = setup();
    t.add(...evs(1));
    t.queue._leave();
    t.env.online = false;
    await expect(t.queue._flush()).resolves.toBe(false);
    const stored = t.stored()!;
    expect([...stored.b, ...stored.q].map((e) => e.event)).toEqual(['e0']);
    t.env.online = true;
    t.queue._wake(); // the 'online' event
    await vi.advanceTimersByTimeAsync(0);
    expect(t.delivered()).toEqual(['e0']);
  });

  it('keeps in-flight events stored when that request fails after the page was left', async () => {
    let release: (a: Answer) => void = () => {};
    const t = setup(() => new Promise<Answer>((r) => (release = r)));
    t.add(...evs(2));
    await vi.advanceTimersByTimeAsync(1_000);
    t.queue._leave();
    release(status(503));
    await vi.advanceTimersByTimeAsync(60_000);
    expect(t.stored()!.b.map((e) => e.event)).toEqual(['e0', 'e1']);
    expect(t.posts).toHaveLength(1); // the beacon has them: no second POST
  });
});

describe("transport: 'single' and the defaults", () => {
  const make = (mode?: 'single') => {
    const sent: [string, string][] = [];
    shells.post.mockImplementation(async (url, body) => {
      sent.push([url, body]);
      return ok;
    });
    vi.stubGlobal('navigator', { onLine: true });
    const queue = createQueue(
      { _host: HOST, _mode: mode, _header: () => ({ event: 'send_batch', appClientId: 'K' }), _warn: vi.fn() },
      createBacklog(memStorage(), 'K', 'page', vi.fn()),
      net,
    );
    return { queue, sent };
  };

  it('posts one {"h"} body per event to /v3/t, each at once (one event is a full request)', async () => {
    const { queue, sent } = make('single');
    queue._add(fakeEvent('a'));
    queue._add(fakeEvent('b'));
    await vi.advanceTimersByTimeAsync(0);
    expect(sent.map(([url]) => url)).toEqual([HOST + '/v3/t', HOST + '/v3/t']);
    const events = sent.map(([, body]) => JSON.parse(Buffer.from(JSON.parse(body).h, 'base64').toString('utf8')));
    expect(events.map((e) => e.event)).toEqual(['a', 'b']);
  });

  it('batches to /v2/bt after 1 s by default', async () => {
    const { queue, sent } = make();
    queue._add(fakeEvent('a'));
    queue._add(fakeEvent('b'));
    await vi.advanceTimersByTimeAsync(999);
    expect(sent).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(sent.map(([url, body]) => [url, namesIn(body)])).toEqual([[URL, ['a', 'b']]]);
  });
});
