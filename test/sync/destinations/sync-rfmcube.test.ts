import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startCollector, type CollectorOptions, type RunningCollector } from '../../../src/collector/index.js';
import type { RfmcubeOptions } from '../../../src/sync/destinations/rfmcube/options.js';
import { SyncError } from '../../../src/server/errors.js';
import { syncHistory, type SyncOptions, type SyncProgress } from '../../../src/sync/sync.js';
import { historyLines, historyOrder } from './fixture.js';

const KEY = 'rfm-key';
const running: RunningCollector[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((c) => c.close()));
});

async function start(rfmcube: CollectorOptions['rfmcube'] = {}): Promise<RunningCollector> {
  const c = await startCollector({ rfmcube: { apiKey: KEY, ...rfmcube } });
  running.push(c);
  return c;
}

function file(lines: string[]): string {
  const path = join(mkdtempSync(join(tmpdir(), 'cartbeacon-rfm-')), 'orders.jsonl');
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

const options = (
  c: RunningCollector,
  rfmcube: Partial<RfmcubeOptions> = {},
  extra: Partial<SyncOptions> = {},
): SyncOptions => ({
  destination: 'rfmcube',
  rfmcube: { apiKey: KEY, baseUrl: `${c.url}/rfmcube/v1`, pollIntervalMs: 5, ordersPerImport: 25, ...rfmcube },
  backoffBaseMs: 5,
  // The default 55 requests "a minute", in a 1-second minute: tests take milliseconds, not minutes.
  rateWindowMs: 1_000,
  ...extra,
});
const storedOrders = (c: RunningCollector) =>
  [...c.rfmcube.customers.values()].reduce((n, cu) => n + cu.orders.size, 0);
const imports = (c: RunningCollector) =>
  c.events
    .filter((e) => e.name === 'rfmcube.import')
    .map((e) => e.event.body as { customers: Array<{ email: string; orders: unknown[] }> });

/** The most requests any `windowMs` window (starting at a request) holds. */
function busiestWindow(times: number[], windowMs: number): number {
  return Math.max(0, ...times.map((t) => times.filter((u) => u >= t && u < t + windowMs).length));
}

describe('syncHistory to Rfmcube', () => {
  it('imports orders grouped by customer and polls each process until it is completed, reporting progress', async () => {
    const c = await start({ pollsToComplete: 3 });
    const progress: SyncProgress[] = [];
    const summary = await syncHistory(
      file(historyLines(120, 10)),
      options(c, {}, { onProgress: (p) => progress.push(p) }),
    );
    expect(summary).toMatchObject({ sent: 120, rejected: 0, failed: 0 });
    expect(summary.stopped).toBeUndefined();
    expect(c.rfmcube.customers.size).toBe(10);
    expect(storedOrders(c)).toBe(120);
    const bodies = imports(c);
    expect(bodies).toHaveLength(5);
    for (const body of bodies) {
      const emails = body.customers.map((cu) => cu.email);
      expect(new Set(emails).size).toBe(emails.length);
      expect(body.customers.reduce((n, cu) => n + cu.orders.length, 0)).toBeLessThanOrEqual(25);
    }
    expect([...c.rfmcube.processes.values()].every((p) => p.status === 'completed' && p.polls === 3)).toBe(true);
    expect(
      progress.some(
        (p) => p.processing !== undefined && p.processing.processed > 0 && p.processing.processed < p.processing.total,
      ),
    ).toBe(true);
  });

  it('paces requests, polls included, so no window holds more than the limit and nothing is refused', async () => {
    // The documented 60 a minute, scaled to 10 a second so the test takes seconds.
    const c = await start({ maxRequests: 10, windowMs: 1_000, pollsToComplete: 1 });
    const started = Date.now();
    const summary = await syncHistory(
      historyLines(60),
      options(c, { ordersPerImport: 5 }, { rateWindowMs: 1_000, ratePerMinute: 9 }),
    );
    expect(summary).toMatchObject({ sent: 60, retried: 0 });
    const times = c.rfmcube.requests.map((r) => r.at);
    expect(times.length).toBeGreaterThanOrEqual(24);
    expect(c.rfmcube.requests.filter((r) => r.status === 429)).toEqual([]);
    expect(busiestWindow(times, 1_000)).toBeLessThanOrEqual(10);
    expect(Date.now() - started).toBeGreaterThan(((times.length - 1) * 1_000) / 9 - 50);
  });

  it('never passes 60 requests in any minute with the default pace (the minute scaled to a second)', async () => {
    const c = await start({ maxRequests: 60, windowMs: 1_000, pollsToComplete: 1 });
    const started = Date.now();
    const summary = await syncHistory(historyLines(60), options(c, { ordersPerImport: 1 }, { concurrency: 8 }));
    const elapsed = Date.now() - started;
    expect(summary).toMatchObject({ sent: 60, retried: 0 });
    const times = c.rfmcube.requests.map((r) => r.at).sort((a, b) => a - b);
    expect(times).toHaveLength(120);
    expect(c.rfmcube.requests.filter((r) => r.status === 429)).toEqual([]);
    expect(busiestWindow(times, 1_000)).toBeLessThanOrEqual(60);
    // Strict: the k-th start comes no sooner than k × 1/55 of the "minute" after the run began (a loaded
    // machine only makes requests later; 2 ms for timers that fire a little early).
    const early = times.map((t, k) => [k, t - started]).filter(([k, after]) => after! < (k! * 1_000) / 55 - 2);
    expect(early).toEqual([]);
    // Generous: 120 requests at 55 a "minute" take 2.2 s; at 20 they would take 6 s.
    expect(elapsed).toBeLessThan(5_500);
  });

  it("uses 55 requests a minute by default (under Rfmcube's 60)", async () => {
    const c = await start({ pollsToComplete: 1 });
    const started = Date.now();
    await syncHistory(historyLines(2), options(c, { ordersPerImport: 1 }, { rateWindowMs: 60_000 }));
    // 2 imports + 2 polls, 60/55 s apart.
    expect(Date.now() - started).toBeGreaterThan(3 * (60_000 / 55) - 50);
  });

  it('waits out 429s (Retry-After) when a run is not paced, and still imports everything', async () => {
    const c = await start({ maxRequests: 4, windowMs: 1_000, pollsToComplete: 1 });
    const summary = await syncHistory(
      historyLines(20),
      options(c, { ordersPerImport: 5 }, { ratePerMinute: 10_000, concurrency: 4 }),
    );
    expect(summary).toMatchObject({ sent: 20, failed: 0 });
    expect(summary.retried).toBeGreaterThan(0);
    expect(c.rfmcube.requests.some((r) => r.status === 429)).toBe(true);
    expect(storedOrders(c)).toBe(20);
  });

  it('halves an import Rfmcube finds too large (416) and rejects an order too large even alone', async () => {
    const c = await start({ maxBodyBytes: 4_000, pollsToComplete: 1 });
    const huge = {
      ...historyOrder(999),
      items: Array.from({ length: 40 }, (_, i) => ({ id: `p${i}`, name: 'x'.repeat(80), price: 1, quantity: 1 })),
    };
    const lines = [...historyLines(20), JSON.stringify(huge)];
    const rejects = join(mkdtempSync(join(tmpdir(), 'cartbeacon-rfm-')), 'rejects.jsonl');
    const summary = await syncHistory(
      lines,
      options(c, { ordersPerImport: 21 }, { rateWindowMs: 1_000, ratePerMinute: 600, rejects }),
    );
    expect(summary).toMatchObject({ sent: 20, rejected: 1, failed: 0 });
    expect(c.rfmcube.requests.filter((r) => r.status === 416).length).toBeGreaterThan(1);
    expect(storedOrders(c)).toBe(20);
    const [reject] = readFileSync(rejects, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { line: number; reason: string });
    expect(reject!.line).toBe(21);
    expect(reject!.reason).toMatch(
      /^Request failed with status 416: POST .*\/rfmcube\/v1\/import .*too large even alone/,
    );
  });

  it('stops at once on 406 (a connector not of the API type), naming what to check, and never prints the key', async () => {
    const c = await start({ apiKey: undefined });
    // One import in flight: with more, the second can leave before the first 406 arrives on a slow machine.
    const summary = await syncHistory(
      historyLines(30),
      options(c, { apiKey: 'not-an-api-connector' }, { concurrency: 1 }),
    );
    expect(summary.sent).toBe(0);
    expect(summary.stopped).toMatch(/status 406.*connector is of the API type/);
    expect(c.rfmcube.requests).toHaveLength(1);
    expect(summary.stopped).not.toContain('not-an-api-connector');
  });

  it('writes orders it cannot map to the rejects file with every problem, and sends the rest', async () => {
    const c = await start({ pollsToComplete: 1 });
    const rejects = join(mkdtempSync(join(tmpdir(), 'cartbeacon-rfm-')), 'rejects.jsonl');
    const guest = { ...historyOrder(3), email: undefined, createdAt: 'soon' };
    const summary = await syncHistory(
      [...historyLines(2), JSON.stringify(guest), '{"event":"page_view"}'],
      options(c, {}, { rejects }),
    );
    expect(summary).toMatchObject({ sent: 2, rejected: 2 });
    const reasons = readFileSync(rejects, 'utf8')
      .trim()
      .split('\n')
      .map((l) => (JSON.parse(l) as { reason: string }).reason);
    expect(reasons).toEqual([
      'order "order-3" cannot be sent to Rfmcube: createdAt is not a date (got "soon"): use epoch ms, epoch seconds or an ISO 8601 date; email is missing: Rfmcube identifies customers by e-mail (give email, customer.email or billingEmail)',
      'only orders go to Rfmcube: this line is a "page_view" event',
    ]);
  });

  it('rejects the orders of an import process that fails', async () => {
    const c = await start({ pollsToComplete: 1 });
    const failing: typeof fetch = async (input, init) => {
      const res = await fetch(input, init);
      if (!String(input).includes('/processes/')) return res;
      return new Response(JSON.stringify({ status: 'failed', type: 'import', data: {} }), { status: 200 });
    };
    const summary = await syncHistory(historyLines(3), options(c, {}, { fetch: failing }));
    expect(summary).toMatchObject({ sent: 0, rejected: 3 });
  });

  it('waits out a process status Rfmcube does not document, never taking it for success, and names it', async () => {
    // Only "completed" is documented: "done" and "finished" first, then the emulator's own answers.
    const c = await start({ pollsToComplete: 1 });
    let odd = 2;
    const odder: typeof fetch = async (input, init) => {
      if (String(input).includes('/processes/') && odd-- > 0)
        return new Response(JSON.stringify({ status: ['finished', 'done'][odd], data: {} }), { status: 200 });
      return fetch(input, init);
    };
    const summary = await syncHistory(historyLines(3), options(c, {}, { fetch: odder }));
    expect(summary).toMatchObject({ sent: 3, failed: 0 });
    expect(storedOrders(c)).toBe(3);
    expect(c.rfmcube.requests.filter((r) => r.path.startsWith('/processes/'))).toHaveLength(1);

    // Still undocumented when the wait is up: nothing counted as sent, and the status is named.
    const d = await start({ pollsToComplete: 1 });
    const finished: typeof fetch = async (input, init) =>
      String(input).includes('/processes/')
        ? new Response('{"status":"finished","data":{}}', { status: 200 })
        : fetch(input, init);
    const stopped = await syncHistory(historyLines(3), options(d, { pollTimeoutMs: 40 }, { fetch: finished }));
    expect(stopped).toMatchObject({ sent: 0, failed: 3 });
    expect(stopped.stopped).toMatch(
      /import process import-1 is still "finished" \(a status Rfmcube's API pages do not name: only "completed" is taken for done\) after 0 s/,
    );
  });

  it("refuses an import size over Rfmcube's 50 MB a request, before sending anything", async () => {
    const c = await start();
    await expect(syncHistory(historyLines(3), options(c, { importBytes: 60_000_000 }))).rejects.toThrow(
      /`rfmcube.importBytes` is a whole number of bytes up to 50000000 \(Rfmcube answers 416 past 50 MB a request\); got 60000000/,
    );
    await expect(syncHistory(historyLines(3), options(c, { importBytes: 0 }))).rejects.toThrow(SyncError);
    expect(c.rfmcube.requests).toEqual([]);
  });

  it('resumes after an interruption: finished imports are skipped and every order arrives', async () => {
    const c = await start({ pollsToComplete: 2 });
    const path = file(historyLines(100));
    const checkpoint = `${path}.checkpoint.json`;
    const stop = new AbortController();
    const first = await syncHistory(
      path,
      options(
        c,
        { ordersPerImport: 10 },
        {
          checkpoint,
          concurrency: 1,
          signal: stop.signal,
          onProgress: (p) => {
            if (p.sent >= 30) stop.abort(new Error('interrupted'));
          },
        },
      ),
    );
    expect(first.stopped).toBe('interrupted');
    expect(first.sent).toBeGreaterThanOrEqual(30);
    expect(first.sent).toBeLessThan(100);
    const checkpointed = JSON.parse(readFileSync(checkpoint, 'utf8')) as { through: number; account: string };
    expect(checkpointed.through).toBe(first.sent);
    expect(checkpointed.account).not.toContain(KEY);

    await expect(syncHistory(path, options(c, { ordersPerImport: 10 }, { checkpoint }))).rejects.toThrow(
      /pass `resume: true`/,
    );
    const second = await syncHistory(path, options(c, { ordersPerImport: 10 }, { checkpoint, resume: true }));
    expect(second).toMatchObject({ sent: 100 - first.sent, skipped: first.sent, failed: 0 });
    expect(storedOrders(c)).toBe(100);
  });

  it('refuses to resume a checkpoint made for another destination or key', async () => {
    const c = await start({ pollsToComplete: 1 });
    const path = file(historyLines(3));
    const checkpoint = `${path}.checkpoint.json`;
    writeFileSync(
      checkpoint,
      JSON.stringify({
        version: 1,
        source: path,
        account: 'someone-else',
        through: 1,
        done: [],
        sent: 1,
        rejected: 0,
        updatedAt: '',
      }),
    );
    await expect(syncHistory(path, options(c, {}, { checkpoint, resume: true }))).rejects.toThrow(
      /belongs to another input file or API key/,
    );
  });
});
