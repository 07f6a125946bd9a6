import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startCollector, type RunningCollector } from '../../../src/collector/index.js';
import type { EsputnikOptions } from '../../../src/sync/destinations/esputnik/options.js';
import { syncHistory, type SyncOptions } from '../../../src/sync/sync.js';
import { fixtureOrder, historyLines } from './fixture.js';

const KEY = 'esp-key';
const running: RunningCollector[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((c) => c.close()));
});

async function start(): Promise<RunningCollector> {
  const c = await startCollector({ esputnik: { apiKey: KEY } });
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
  esputnik: { apiKey: KEY, baseUrl: `${c.url}/esputnik`, ...esputnik },
  backoffBaseMs: 5,
  rateWindowMs: 1_000,
  ratePerMinute: 1_000,
  ...extra,
});

describe('syncHistory to eSputnik', () => {
  it('sends one order event per order with Basic auth, and the emulator holds every order', async () => {
    const c = await start();
    const summary = await syncHistory(historyLines(40), options(c));
    expect(summary).toMatchObject({ sent: 40, rejected: 0, failed: 0 });
    expect(c.esputnik.requests).toHaveLength(40);
    expect(c.esputnik.orders.size).toBe(40);
    expect(c.esputnik.orders.get('order-3')).toMatchObject({
      status: 'DELIVERED',
      totalCost: '59.97',
      date: '2023-11-14T22:16:20',
    });
    expect(c.events.filter((e) => e.name === 'esputnik.orderUpdated')).toHaveLength(40);
  });

  it('rejects an order whose total does not match its items, or sends it with fixTotals', async () => {
    const c = await start();
    const dir = tmp();
    const line = JSON.stringify(fixtureOrder());
    const rejects = join(dir, 'rejects.jsonl');
    const first = await syncHistory([line], options(c, { itemUrl: 'https://shop.example/p/{id}' }, { rejects }));
    expect(first).toMatchObject({ sent: 0, rejected: 1 });
    expect((JSON.parse(readFileSync(rejects, 'utf8')) as { reason: string }).reason).toMatch(
      /^order "11111" cannot be sent to eSputnik: totalCost 169\.97 does not match the items' costs 99\.98/,
    );
    const second = await syncHistory([line], options(c, { itemUrl: 'https://shop.example/p/{id}', fixTotals: true }));
    expect(second).toMatchObject({ sent: 1, rejected: 0 });
    expect(c.esputnik.orders.get('11111')).toMatchObject({ totalCost: '169.97', status: 'IN_PROGRESS' });
  });

  it('retries 429 and 5xx answers with the same event, then delivers', async () => {
    const c = await start();
    let calls = 0;
    const flaky: typeof fetch = (input, init) => {
      calls++;
      if (calls === 2)
        return Promise.resolve(new Response('{"error":"slow down"}', { status: 429, headers: { 'retry-after': '0' } }));
      if (calls === 5) return Promise.resolve(new Response('oops', { status: 503 }));
      return fetch(input, init);
    };
    const summary = await syncHistory(historyLines(6), options(c, {}, { fetch: flaky, concurrency: 1 }));
    expect(summary).toMatchObject({ sent: 6, retried: 2, failed: 0 });
    expect(c.esputnik.orders.size).toBe(6);
  });

  it('paces events to the rate', async () => {
    const c = await start();
    const started = Date.now();
    await syncHistory(historyLines(11), options(c, {}, { ratePerMinute: 20 }));
    const times = c.esputnik.requests.map((r) => r.at);
    expect(Date.now() - started).toBeGreaterThan(10 * 50 - 20);
    // Starts are 50 ms apart on the schedule: the i-th request never arrives before i × 50 ms after
    // the first. (A start the event loop delayed may land just before the next one, so the gap
    // between two neighbours can be small on a loaded machine; the schedule still holds.)
    expect(times).toHaveLength(11);
    for (let i = 1; i < times.length; i++) expect(times[i]! - times[0]!).toBeGreaterThanOrEqual(i * 50 - 10);
  });

  it('stops on a wrong key with a message naming the option (never a CLI flag)', async () => {
    const c = await start();
    const summary = await syncHistory(historyLines(5), options(c, { apiKey: 'wrong-key' }));
    expect(summary.sent).toBe(0);
    expect(summary.stopped).toMatch(/status 401.*`esputnik.apiKey`/);
    expect(summary.stopped).not.toMatch(/--|ESPUTNIK_API_KEY/);
    expect(summary.stopped).not.toContain('wrong-key');
  });

  it('resumes from its checkpoint without sending finished orders again', async () => {
    const c = await start();
    const path = join(tmp(), 'orders.jsonl');
    writeFileSync(path, `${historyLines(30).join('\n')}\n`);
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
            if (p.sent === 12) stop.abort(new Error('interrupted'));
          },
        },
      ),
    );
    expect([first.sent, first.stopped]).toEqual([12, 'interrupted']);
    const second = await syncHistory(path, options(c, {}, { checkpoint, resume: true }));
    expect(second).toMatchObject({ sent: 18, skipped: 12 });
    expect(c.esputnik.requests).toHaveLength(30);
    expect(c.esputnik.orders.size).toBe(30);
  });

  it('explains a missing key or options before reading anything', async () => {
    await expect(syncHistory([], { destination: 'esputnik' })).rejects.toThrow(
      /eSputnik options are missing: pass `esputnik: \{ apiKey \}`/,
    );
    await expect(syncHistory([], { destination: 'esputnik', esputnik: { apiKey: '' } })).rejects.toThrow(
      /eSputnik API key is missing/,
    );
    await expect(
      syncHistory([], { destination: 'rfmcube', rfmcube: { apiKey: 'k', baseUrl: 'ftp://x' } }),
    ).rejects.toThrow(/`rfmcube.baseUrl` must be an http\(s\) URL/);
    await expect(syncHistory([], { destination: 'elsewhere' as 'rfmcube' })).rejects.toThrow(
      /unknown destination "elsewhere"/,
    );
  });
});
