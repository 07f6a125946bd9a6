import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startCollector, type CollectorOptions, type RunningCollector } from '../../../src/collector/index.js';
import { esputnikPacePerMinute, pacedFor } from '../../../src/sync/destinations/esputnik/pace.js';
import type { EsputnikOptions } from '../../../src/sync/destinations/esputnik/options.js';
import { syncHistory, type SyncOptions } from '../../../src/sync/sync.js';
import { fixtureOrder, historyLines, historyOrder } from './fixture.js';

const KEY = 'esp-key';
const running: RunningCollector[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((c) => c.close()));
});

async function start(esputnik: CollectorOptions['esputnik'] = {}): Promise<RunningCollector> {
  const c = await startCollector({ esputnik: { apiKey: KEY, ...esputnik } });
  running.push(c);
  return c;
}

const tmp = () => mkdtempSync(join(tmpdir(), 'cartbeacon-esp-'));
const options = (
  c: RunningCollector,
  esputnik: Partial<EsputnikOptions> = {},
  extra: Partial<SyncOptions> = {},
): SyncOptions => ({
  destination: 'esputnik',
  esputnik: { apiKey: KEY, baseUrl: `${c.url}/esputnik`, pollIntervalMs: 5, ...esputnik },
  backoffBaseMs: 5,
  ...extra,
});
const kinds = (c: RunningCollector) =>
  c.esputnik.requests.map((r) => `${r.method} ${r.path.replace(/importstatus\/.*/, 'importstatus')}`);
const readRejects = (path: string) =>
  readFileSync(path, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { line: number; reason: string });
/** A fetch that answers some requests itself (`answer` returns a Response) and passes the others on. */
const intercept =
  (answer: (url: string, init: RequestInit | undefined) => Response | undefined): typeof fetch =>
  (input, init) =>
    Promise.resolve(answer(String(input), init) ?? fetch(input, init));

describe('syncHistory to eSputnik: contacts first, then orders in bulk', () => {
  it('lands 300 orders of 60 customers eSputnik does not know on their contacts, in at most 100 requests', async () => {
    const c = await start();
    expect(c.esputnik.contacts.size).toBe(0);
    const summary = await syncHistory(historyLines(300, 60), options(c));
    expect(summary).toMatchObject({ sent: 300, rejected: 0, failed: 0 });
    expect(c.esputnik.requests.length).toBeLessThanOrEqual(100);
    // The contacts, then their import followed until FINISHED, then the orders.
    expect(kinds(c)).toEqual([
      'POST /api/v1/contacts',
      'GET /api/v1/importstatus',
      'GET /api/v1/importstatus',
      'POST /api/v1/orders',
    ]);
    expect(c.esputnik.ignored).toEqual([]);
    expect(c.esputnik.contacts.size).toBe(60);
    expect(c.esputnik.orders.size).toBe(300);
    for (let n = 1; n <= 300; n++) {
      const order = c.esputnik.orders.get(`order-${n}`)!;
      const contact = c.esputnik.contacts.get(order.contactId)!;
      expect([contact.externalCustomerId, contact.email, contact.firstName]).toEqual([
        `c${n % 60}`,
        `shopper${n % 60}@example.com`,
        'Test',
      ]);
    }
    expect(c.esputnik.orders.get('order-3')).toMatchObject({
      status: 'DELIVERED',
      totalCost: 59.97,
      date: '2023-11-14T22:16:20+00:00',
      email: 'shopper3@example.com',
      externalCustomerId: 'c3',
    });
  });

  it('creates no duplicate contact when the same file is sent again', async () => {
    const c = await start();
    const lines = historyLines(300, 60);
    await syncHistory(lines, options(c));
    const second = await syncHistory(lines, options(c));
    expect(second).toMatchObject({ sent: 300, rejected: 0 });
    expect(c.esputnik.contacts.size).toBe(60);
    expect(c.esputnik.orders.size).toBe(300);
    expect(c.esputnik.imports.size).toBe(2);
    expect([...c.esputnik.imports.values()].map((i) => [i.created, i.updated])).toEqual([
      [60, 0],
      [0, 60],
    ]);
  });

  it('imports each contact once per run, even when its orders fall into different requests', async () => {
    const c = await start();
    // 2,500 orders of 10 customers: three requests of orders, one import of their 10 contacts.
    const summary = await syncHistory(historyLines(2_500, 10), options(c, {}, { concurrency: 1 }));
    expect(summary).toMatchObject({ sent: 2_500, failed: 0 });
    expect(kinds(c).filter((k) => k === 'POST /api/v1/contacts')).toHaveLength(1);
    expect(kinds(c).filter((k) => k === 'POST /api/v1/orders')).toHaveLength(3);
    expect(c.esputnik.orders.size).toBe(2_500);
  });

  it('waits for an import that takes many polls before it sends the orders that need it', async () => {
    const c = await start({ pollsToFinish: 6 });
    const summary = await syncHistory(historyLines(50, 5), options(c));
    expect(summary).toMatchObject({ sent: 50 });
    expect(kinds(c).filter((k) => k.endsWith('importstatus'))).toHaveLength(6);
    expect(c.esputnik.ignored).toEqual([]);
    expect(c.esputnik.orders.size).toBe(50);
  });

  it('waits out an import status eSputnik does not name, never taking it for success', async () => {
    const c = await start({ pollsToFinish: 1 });
    let odd = 3;
    const odder = intercept((url) =>
      url.includes('/importstatus/') && odd-- > 0
        ? new Response(JSON.stringify({ status: ['QUEUED', 'SOMETHING_NEW', ''][odd] }), { status: 200 })
        : undefined,
    );
    const summary = await syncHistory(historyLines(20, 4), options(c, {}, { fetch: odder }));
    expect(summary).toMatchObject({ sent: 20, failed: 0 });
    expect(c.esputnik.ignored).toEqual([]);
    // Still an unknown status when the wait is up: the run stops without sending, and says so.
    const c2 = await start();
    const paused = intercept((url) =>
      url.includes('/importstatus/') ? new Response('{"status":"PAUSED"}', { status: 200 }) : undefined,
    );
    const stopped = await syncHistory(historyLines(20, 4), options(c2, { pollTimeoutMs: 60 }, { fetch: paused }));
    expect(stopped).toMatchObject({ sent: 0, failed: 20 });
    expect(stopped.stopped).toMatch(/contact import .* is still "PAUSED" after 0 s: resume the sync later/);
    expect(kinds(c2)).not.toContain('POST /api/v1/orders');
  });

  it('rejects by name the orders of an import eSputnik reports failed, and of contacts it refused', async () => {
    const c = await start({ pollsToFinish: 1 });
    const rejects = join(tmp(), 'rejects.jsonl');
    const failing = intercept((url) =>
      url.includes('/importstatus/') ? new Response('{"status":"ERROR","error":"quota"}', { status: 200 }) : undefined,
    );
    const summary = await syncHistory(historyLines(4, 2), options(c, {}, { fetch: failing, rejects }));
    expect(summary).toMatchObject({ sent: 0, rejected: 4 });
    expect(readRejects(rejects).map((r) => r.reason)).toEqual(
      Array(4).fill(
        expect.stringMatching(/^its contact \(id c[01]\) is not in eSputnik: eSputnik's contact import .* ended ERROR/),
      ),
    );
    expect(kinds(c)).not.toContain('POST /api/v1/orders');
  });

  it('rejects by name an order without any contact identifier, and sends the others', async () => {
    const c = await start();
    const rejects = join(tmp(), 'rejects.jsonl');
    const { email: _e, customerId: _c, ...anonymous } = historyOrder(2);
    const lines = [JSON.stringify(historyOrder(1)), JSON.stringify(anonymous), JSON.stringify(historyOrder(3))];
    const summary = await syncHistory(lines, options(c, {}, { rejects }));
    expect(summary).toMatchObject({ sent: 2, rejected: 1 });
    expect(readRejects(rejects)).toEqual([
      {
        line: 2,
        reason: expect.stringMatching(
          /^order "order-2" cannot be sent to eSputnik: a contact is missing: eSputnik needs customerId, email or phone/,
        ),
        input: lines[1],
      },
    ]);
  });

  it('sends a customerId-only order as a past event (events find a contact by id), which Add orders cannot link', async () => {
    const c = await start();
    const { email: _e, ...byIdOnly } = historyOrder(1);
    const rejects = join(tmp(), 'rejects.jsonl');
    const viaOrders = await syncHistory([JSON.stringify(byIdOnly)], options(c, {}, { rejects }));
    expect(viaOrders).toMatchObject({ sent: 0, rejected: 1 });
    expect(readRejects(rejects)[0]!.reason).toMatch(
      /email or phone is missing: eSputnik's Add orders links an order .* `history: 'pastEvents'`/,
    );
    const viaEvents = await syncHistory([JSON.stringify(byIdOnly)], options(c, { history: 'pastEvents' }));
    expect(viaEvents).toMatchObject({ sent: 1, rejected: 0 });
    expect(c.esputnik.events.map((e) => [e.params.externalOrderId, e.contactId])).toEqual([['order-1', 1]]);
    expect(c.esputnik.contacts.get(1)).toMatchObject({ externalCustomerId: 'c1' });
  });

  it("with history: 'pastEvents' sends 500 events a request, each at its order's own time, on their contacts", async () => {
    const c = await start();
    const summary = await syncHistory(historyLines(600, 30), options(c, { history: 'pastEvents' }));
    expect(summary).toMatchObject({ sent: 600, failed: 0 });
    expect(kinds(c).filter((k) => k === 'POST /api/v1/past_events')).toHaveLength(2);
    expect(c.esputnik.ignored).toEqual([]);
    expect(c.esputnik.events).toHaveLength(600);
    const first = c.esputnik.events.find((e) => e.params.externalOrderId === 'order-1')!;
    expect([first.eventTypeKey, first.occurred, c.esputnik.contacts.get(first.contactId)?.externalCustomerId]).toEqual([
      'orderUpdated',
      '2023-11-14T22:14:20+00:00',
      'c1',
    ]);
  });

  it('sends an order whose items do not add up as Add orders takes it, and past events only with fixTotals', async () => {
    const c = await start();
    const rejects = join(tmp(), 'rejects.jsonl');
    const line = JSON.stringify(fixtureOrder());
    expect(await syncHistory([line], options(c))).toMatchObject({ sent: 1, rejected: 0 });
    expect(c.esputnik.orders.get('11111')).toMatchObject({ totalCost: 169.97, status: 'IN_PROGRESS' });
    const events = await syncHistory(
      [line],
      options(c, { history: 'pastEvents', itemUrl: 'https://shop.example/p/{id}' }, { rejects }),
    );
    expect(events).toMatchObject({ sent: 0, rejected: 1 });
    expect(readRejects(rejects)[0]!.reason).toMatch(
      /^order "11111" cannot be sent to eSputnik: totalCost 169\.97 does not match the items' costs 99\.98/,
    );
    const fixed = await syncHistory(
      [line],
      options(c, { history: 'pastEvents', itemUrl: 'https://shop.example/p/{id}', fixTotals: true }),
    );
    expect(fixed).toMatchObject({ sent: 1 });
  });

  it('resumes without importing again the contacts the checkpoint says are imported', async () => {
    const c = await start();
    const path = join(tmp(), 'orders.jsonl');
    writeFileSync(path, `${historyLines(300, 60).join('\n')}\n`);
    const checkpoint = `${path}.checkpoint.json`;
    // The orders request fails for good (a config answer) after the contacts were imported.
    const refuseOrders = intercept((url) =>
      url.endsWith('/api/v1/orders') ? new Response('{"error":"maintenance"}', { status: 403 }) : undefined,
    );
    const first = await syncHistory(path, options(c, {}, { checkpoint, fetch: refuseOrders }));
    expect(first).toMatchObject({ sent: 0, failed: 300 });
    expect(JSON.parse(readFileSync(checkpoint, 'utf8')).prepared).toEqual([[1, 300]]);
    const second = await syncHistory(path, options(c, {}, { checkpoint, resume: true }));
    expect(second).toMatchObject({ sent: 300, failed: 0 });
    expect(kinds(c).filter((k) => k === 'POST /api/v1/contacts')).toHaveLength(1);
    expect(c.esputnik.orders.size).toBe(300);
    expect(c.esputnik.ignored).toEqual([]);
  });

  it('resumes from its checkpoint without sending finished orders again', async () => {
    const c = await start();
    const path = join(tmp(), 'orders.jsonl');
    writeFileSync(path, `${historyLines(3_000, 50).join('\n')}\n`);
    const checkpoint = `${path}.checkpoint.json`;
    const stop = new AbortController();
    const first = await syncHistory(
      path,
      options(
        c,
        {},
        {
          checkpoint,
          concurrency: 1,
          signal: stop.signal,
          onProgress: (p) => {
            if (p.sent === 1_000) stop.abort(new Error('interrupted'));
          },
        },
      ),
    );
    expect([first.sent, first.stopped]).toEqual([1_000, 'interrupted']);
    const second = await syncHistory(path, options(c, {}, { checkpoint, resume: true }));
    expect(second).toMatchObject({ sent: 2_000, skipped: 1_000 });
    expect(kinds(c).filter((k) => k === 'POST /api/v1/orders')).toHaveLength(3);
    expect(c.esputnik.orders.size).toBe(3_000);
    expect(c.esputnik.contacts.size).toBe(50);
  });

  it("paces each kind of request at 90% of eSputnik's documented limit, not 10 a second", async () => {
    expect([
      esputnikPacePerMinute('events'),
      esputnikPacePerMinute('pastEvents'),
      esputnikPacePerMinute('rest'),
    ]).toEqual([18_900, 5_400, 10_800]);
    // 40 groups of orders, one request each, go in well under the 4 s that 10 a second would take.
    const c = await start({ pollsToFinish: 1 });
    const started = Date.now();
    const summary = await syncHistory(historyLines(20_000, 5), options(c, {}, { concurrency: 8 }));
    expect(summary).toMatchObject({ sent: 20_000 });
    expect(kinds(c).filter((k) => k === 'POST /api/v1/orders')).toHaveLength(20);
    expect(Date.now() - started).toBeLessThan(15_000);
  });

  it('never starts a kind of request sooner than its pace allows, for every caller of one account', async () => {
    const ctx = { fetch, timeoutMs: 1_000, maxAttempts: 1, backoffBaseMs: 5 };
    const account = `pace test ${Date.now()}`;
    const started = Date.now();
    // Two callers (a sync and a relay, say) of one account share each kind's schedule.
    const callers = [pacedFor(ctx, account, 'rest'), pacedFor(ctx, account, 'rest')];
    const events = pacedFor(ctx, account, 'events');
    const rest: number[] = [];
    const event: number[] = [];
    await Promise.all([
      ...Array.from({ length: 60 }, (_, i) => callers[i % 2]!.beforeRequest!().then(() => rest.push(Date.now()))),
      ...Array.from({ length: 60 }, () => events.beforeRequest!().then(() => event.push(Date.now()))),
    ]);
    const elapsed = Date.now() - started;
    // Strict: the k-th start of a kind comes no sooner than k of its intervals after the first call; a
    // loaded machine only makes starts later (2 ms for timers that fire a little early).
    for (const [times, kind] of [
      [rest, 'rest'],
      [event, 'events'],
    ] as const) {
      const interval = 60_000 / esputnikPacePerMinute(kind);
      const early = times
        .sort((a, b) => a - b)
        .map((t, k) => [k, t - started])
        .filter(([k, after]) => after! < k! * interval - 2);
      expect(early).toEqual([]);
    }
    // Generous: 60 starts at 180 a second take a third of a second; 10 a second would take 6 s.
    expect(elapsed).toBeLessThan(4_000);
  });

  it('retries the 429s of a busy account with the same request, then delivers', async () => {
    const c = await start({ perSecond: { rest: 2 }, windowMs: 200, pollsToFinish: 1 });
    const summary = await syncHistory(historyLines(2_500, 10), options(c, {}, { concurrency: 3 }));
    expect(summary).toMatchObject({ sent: 2_500, failed: 0 });
    expect(summary.retried).toBeGreaterThan(0);
    expect(c.esputnik.requests.some((r) => r.status === 429)).toBe(true);
    expect(c.esputnik.orders.size).toBe(2_500);
  });

  it('stops on a wrong key with a message naming the option (never a CLI flag)', async () => {
    const c = await start();
    const summary = await syncHistory(historyLines(5), options(c, { apiKey: 'wrong-key' }));
    expect(summary.sent).toBe(0);
    expect(summary.stopped).toMatch(/status 401.*`esputnik.apiKey`/);
    expect(summary.stopped).not.toMatch(/--|ESPUTNIK_API_KEY/);
    expect(summary.stopped).not.toContain('wrong-key');
  });

  it('explains a missing key or options before reading anything', async () => {
    await expect(syncHistory([], { destination: 'esputnik' })).rejects.toThrow(
      /eSputnik options are missing: pass `esputnik: \{ apiKey \}`/,
    );
    await expect(syncHistory([], { destination: 'esputnik', esputnik: { apiKey: '' } })).rejects.toThrow(
      /eSputnik API key is missing/,
    );
    await expect(
      syncHistory([], { destination: 'esputnik', esputnik: { apiKey: 'k', history: 'events' as 'orders' } }),
    ).rejects.toThrow(/`esputnik.history` is 'orders'/);
    await expect(
      syncHistory([], { destination: 'rfmcube', rfmcube: { apiKey: 'k', baseUrl: 'ftp://x' } }),
    ).rejects.toThrow(/`rfmcube.baseUrl` must be an http\(s\) URL/);
    await expect(syncHistory([], { destination: 'elsewhere' as 'rfmcube' })).rejects.toThrow(
      /unknown destination "elsewhere"/,
    );
  });
});
