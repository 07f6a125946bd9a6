// @vitest-environment happy-dom
// @vitest-environment-options {"settings":{"handleDisabledFileLoadingAsSuccess":true}}
// The core script taking over the loader stub: the stub is pasted and used, then the core module
// (src/core/main.ts, an IIFE) is executed as the injected script would be.
import { execSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { decodeBody } from '../transport/helpers.js';

const STUB = readFileSync(resolve(import.meta.dirname, '../../src/loader/snippet.js'), 'utf8');
type R = Record<string, any>;
const rp = () => (window as unknown as { richpanel: R }).richpanel;

let fetchMock: ReturnType<typeof vi.fn>;
let key = '';
let n = 0;

beforeEach(() => {
  vi.useFakeTimers({ now: Date.UTC(2026, 0, 15) });
  vi.resetModules();
  localStorage.clear();
  delete (window as { richpanel?: unknown }).richpanel;
  key = 'main-' + ++n;
  fetchMock = vi.fn(async () => new Response('{"status":"ok"}', { status: 200 }));
  vi.stubGlobal('fetch', fetchMock);
});
afterEach(() => {
  vi.clearAllTimers();
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

const runCore = () => import('../../src/core/main.js');
const sent = () =>
  fetchMock.mock.calls
    .map(([url, init]) => ({ url, batch: decodeBody((init as RequestInit).body as string) }))
    .filter((s) => s.batch.appClientId === key);

describe('the core taking over the stub', () => {
  it('replays calls made before load, in order, with the time each was made', async () => {
    new Function(STUB)();
    rp().load(key);
    rp().track('page_view');
    vi.advanceTimersByTime(1_500);
    rp().identify(42, { email: 'a@b.c' });
    rp().track('add_to_cart', { id: 'p1' });
    const queuedAt = rp().q.map((c: { t: Date }) => +c.t);
    vi.advanceTimersByTime(60_000);
    await runCore();
    await rp().flush();
    const [{ url, batch }] = sent() as [{ url: string; batch: ReturnType<typeof decodeBody> }];
    expect(url).toBe('https://api.richpanel.com/v2/bt');
    expect(batch.events.map((e) => e.event)).toEqual(['page_view', 'identify', 'add_to_cart']);
    expect(batch.events.map((e) => (e.time as { sentAt: number }).sentAt)).toEqual(queuedAt);
    expect(batch.events[2]!.userProperties).toEqual({ email: 'a@b.c', uid: '42' });
  });

  it('puts the live methods on the same richpanel object and empties the queue', async () => {
    new Function(STUB)();
    const stub = rp();
    stub.load(key);
    stub.track('a');
    await runCore();
    expect(rp()).toBe(stub);
    for (const m of ['track', 'identify', 'debug', 'atr', 'logout', 'flush']) expect(typeof stub[m]).toBe('function');
    stub.track('b');
    expect(await stub.flush()).toBe(true);
    expect(sent().flatMap((s) => s.batch.events.map((e) => e.event))).toEqual(['a', 'b']);
  });

  it('replays richpanel.queue (Magento) as well as richpanel.q', async () => {
    new Function(STUB)();
    rp().load(key);
    rp().queue = [['track', 'from_queue']];
    rp().track('from_q');
    await runCore();
    await rp().flush();
    expect(sent().flatMap((s) => s.batch.events.map((e) => e.event))).toEqual(['from_q', 'from_queue']);
  });

  it('sends calls pushed into the queue after load straight away', async () => {
    new Function(STUB)();
    rp().load(key);
    await runCore();
    rp().q.push(['track', 'late_q']);
    rp().queue.push(['track', 'late_queue']);
    await rp().flush();
    expect(sent().flatMap((s) => s.batch.events.map((e) => e.event))).toEqual(['late_q', 'late_queue']);
  });

  it('runs atr("onload") callbacks queued before load', async () => {
    new Function(STUB)();
    rp().load(key);
    const fn = vi.fn();
    rp().atr('onload', fn);
    expect(fn).not.toHaveBeenCalled();
    await runCore();
    expect(fn).toHaveBeenCalledTimes(1);
  });

  it('replays once and sends each event once when the core runs twice', async () => {
    new Function(STUB)();
    rp().load(key);
    rp().track('once');
    await runCore();
    const track = rp().track;
    vi.resetModules();
    await runCore();
    expect(rp().track).toBe(track);
    await rp().flush();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(sent().flatMap((s) => s.batch.events.map((e) => e.event))).toEqual(['once']);
  });

  it('ignores the stub pasted again after the core loaded', async () => {
    new Function(STUB)();
    rp().load(key);
    await runCore();
    const track = rp().track;
    new Function(STUB)();
    expect(rp().track).toBe(track);
    rp().track('x');
    await rp().flush();
    expect(sent()).toHaveLength(1);
  });

  it('without load() options, sends to the host and key of the URL it was loaded from', async () => {
    new Function(STUB)();
    const script = document.createElement('script');
    script.src = `http://localhost:8787/v2/j/${encodeURIComponent(key + ' ü')}?version=0.1.0`;
    Object.defineProperty(document, 'currentScript', { value: script, configurable: true });
    try {
      await runCore();
    } finally {
      delete (document as { currentScript?: unknown }).currentScript;
    }
    rp().track('a');
    await rp().flush();
    const [url, init] = fetchMock.mock.calls[0] as [string, RequestInit];
    expect(url).toBe('http://localhost:8787/v2/bt');
    expect(decodeBody(init.body as string).appClientId).toBe(key + ' ü');
  });

  it('takes the key and options load() left: src for the script, host for the events', async () => {
    new Function(STUB)();
    rp().load(key, {
      src: 'https://cdn.example/richpanel.min.js',
      host: 'http://localhost:8787/',
      transport: 'single',
    });
    rp().track('a');
    await runCore();
    await rp().flush();
    const [url] = fetchMock.mock.calls[0] as [string];
    expect(url).toBe('http://localhost:8787/v3/t');
  });

  it("exposes richpanel.did, richpanel.sid and window.appClientId as Richpanel's script does", async () => {
    document.cookie = `rpdid=dev-${key}; path=/`;
    document.cookie = `rptkn=${key}; path=/`;
    new Function(STUB)();
    rp().load(key, { host: 'http://localhost:8787' });
    await runCore();
    expect(rp().did).toBe(`dev-${key}`);
    expect(rp().sid).toMatch(/^[0-9a-f-]{36}$/);
    expect((window as { appClientId?: string }).appClientId).toBe(key);
    rp().track('a');
    await rp().flush();
    expect(sent()[0]!.batch.events[0]!.did).toBe(`dev-${key}`);
  });

  it('replays consent() and flush() queued before load in call order, and settles that flush', async () => {
    document.cookie = 'cb_consent=; path=/; expires=Thu, 01 Jan 1970 00:00:00 GMT';
    new Function(STUB)();
    rp().load(key, { host: 'http://localhost:8787', consent: 'pending' });
    rp().track('before_grant');
    rp().consent('granted');
    const flushed = rp().flush() as Promise<boolean>;
    rp().track('after_grant');
    await runCore();
    await expect(flushed).resolves.toBe(true);
    await rp().flush();
    expect(sent().flatMap((s) => s.batch.events.map((e) => e.event))).toEqual(['before_grant', 'after_grant']);
  });

  it('does not throw when the queue holds garbage or unknown methods', async () => {
    new Function(STUB)();
    rp().load(key);
    rp().q.push(null, 'junk', ['nope', 1], ['track'], ['track', 'good']);
    await expect(runCore()).resolves.toBeDefined();
    await rp().flush();
    expect(sent().flatMap((s) => s.batch.events.map((e) => e.event))).toEqual(['good']);
  });
});

describe('the built core (dist/richpanel.min.js, private names mangled)', () => {
  const ROOT = resolve(import.meta.dirname, '../..') + '/';
  const core = () => {
    if (!existsSync(ROOT + 'dist/richpanel.min.js')) execSync('npx rollup -c --silent', { cwd: ROOT, stdio: 'ignore' });
    return readFileSync(ROOT + 'dist/richpanel.min.js', 'utf8');
  };

  it('replays the stub queue in order and sends a decodable hs batch', async () => {
    new Function(STUB)();
    rp().load(key);
    rp().track('page_view');
    rp().identify('u1', { email: 'a@b.c' });
    rp().track('order', { orderId: '1001', city: 'Łódź 🙂' });
    new Function(core())();
    await rp().flush();
    const events = sent().flatMap((s) => s.batch.events);
    expect(events.map((e) => e.event)).toEqual(['page_view', 'identify', 'order']);
    expect(events[2]).toMatchObject({
      properties: { orderId: '1001', city: 'Łódź 🙂' },
      userProperties: { uid: 'u1', email: 'a@b.c' },
      appClientId: key,
    });
    expect(events[2]!.version).not.toBe('__VERSION__');
  });

  it('changes nothing when executed twice', async () => {
    new Function(STUB)();
    rp().load(key);
    rp().track('once');
    new Function(core())();
    new Function(core())();
    await rp().flush();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(sent().flatMap((s) => s.batch.events.map((e) => e.event))).toEqual(['once']);
  });
});
