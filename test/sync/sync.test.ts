import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SyncError } from '../../src/server/errors.js';
import { syncHistory, type SyncOptions } from '../../src/sync/sync.js';
import { startCollector, type TestCollector } from '../server/collector.js';
import { orderLine, orderLines } from './orders.js';

const KEY = 'sync-key';
const SECRET = 'sync-secret';

let collector: TestCollector;
let dir: string;
beforeEach(async () => {
  collector = await startCollector(SECRET);
  dir = mkdtempSync(join(tmpdir(), 'cartbeacon-sync-'));
});
afterEach(() => collector.close());

const base = (extra: Partial<SyncOptions> = {}): SyncOptions => ({
  apiKey: KEY,
  secret: SECRET,
  host: collector.host,
  backoffBaseMs: 5,
  ...extra,
});
const orderIds = () => new Set([...collector.events.values()].map((e) => e.properties?.orderId));

function writeLines(name: string, lines: string[]): string {
  const file = join(dir, name);
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

describe('syncHistory', () => {
  it('sends every valid line in batches of at most 25 and writes invalid lines to the rejects file', async () => {
    const lines = orderLines(100);
    lines.splice(10, 0, '{not json');
    lines.splice(50, 0, '{"orderId":"x","items":[{}]}');
    lines.splice(70, 0, '{"orderId":"y","amount":1}');
    const file = writeLines('orders.jsonl', lines);
    const rejects = join(dir, 'rejects.jsonl');
    const summary = await syncHistory(file, base({ rejects }));
    expect(summary).toMatchObject({ sent: 100, rejected: 3, retried: 0, failed: 0, skipped: 0 });
    expect(summary.stopped).toBeUndefined();
    expect(orderIds().size).toBe(100);
    expect(Math.max(...collector.payloads.map((p) => p.events.length))).toBe(25);
    expect(collector.payloads.every((p) => p.platform === 'node' && p.appClientId === KEY)).toBe(true);
    const rejected = readFileSync(rejects, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { line: number; reason: string; input: string });
    expect(rejected.map((r) => [r.line, r.reason])).toEqual([
      [11, 'not valid JSON'],
      [
        51,
        'order "x" cannot be sent to Richpanel: amount is missing; items[0].quantity is missing; items[0].price is missing',
      ],
      [71, 'order "y" cannot be sent to Richpanel: items is missing or empty: list the products of the order'],
    ]);
    expect(rejected[0]!.input).toBe('{not json');
  });

  it('delivers everything through injected 500s, 429s with Retry-After and latency', async () => {
    collector.fault = (n) => {
      if (n % 5 === 1) return { status: 500 };
      if (n === 4) return { status: 429, headers: { 'retry-after': '1' } };
      if (n === 7) return { status: 503, delayMs: 50 };
      return { delayMs: 20 };
    };
    const summary = await syncHistory(orderLines(250), base());
    expect(summary).toMatchObject({ sent: 250, rejected: 0, failed: 0 });
    expect(summary.retried).toBeGreaterThanOrEqual(4);
    expect(orderIds().size).toBe(250);
    expect(collector.duplicates).toBe(0);
  });

  it('keeps at most `concurrency` requests in flight', async () => {
    let now = 0;
    let peak = 0;
    collector.fault = () => {
      peak = Math.max(peak, ++now);
      setTimeout(() => now--, 30);
      return { delayMs: 30 };
    };
    await syncHistory(orderLines(300), base({ concurrency: 3 }));
    expect(peak).toBe(3);
  });

  it('spaces requests to honour a requests-per-minute rate', async () => {
    const started = Date.now();
    await syncHistory(orderLines(5 * 25), base({ ratePerMinute: 600 }));
    expect(Date.now() - started).toBeGreaterThanOrEqual(4 * 100 - 10);
  });

  it('streams its input: reads at most the in-flight batches ahead of the acknowledgements', async () => {
    let read = 0;
    let worstLead = 0;
    async function* source() {
      for (let i = 1; i <= 2_000; i++) {
        read++;
        yield orderLine(i);
      }
    }
    collector.fault = () => ({ delayMs: 2 });
    const summary = await syncHistory(
      source(),
      base({
        concurrency: 4,
        onProgress: (p) => {
          worstLead = Math.max(worstLead, read - p.sent);
        },
      }),
    );
    expect(summary.sent).toBe(2_000);
    expect(worstLead).toBeLessThanOrEqual(5 * 25 + 1);
  });

  it('rejects a batch the collector refuses with a 400 and goes on', async () => {
    collector.fault = (_n, p) =>
      p.events.some((e) => e.properties?.orderId === 'order-30')
        ? { status: 400, body: '{"error":"bad order"}' }
        : undefined;
    const rejects = join(dir, 'rejects.jsonl');
    const summary = await syncHistory(orderLines(60), base({ rejects }));
    expect(summary).toMatchObject({ sent: 35, rejected: 25, failed: 0 });
    const first = JSON.parse(readFileSync(rejects, 'utf8').split('\n')[0]!) as { line: number; reason: string };
    expect(first.line).toBe(26);
    expect(first.reason).toMatch(/status 400.*bad order/);
  });

  it('stops when retries run out, keeps the checkpoint, and --resume sends the rest', async () => {
    const file = writeLines('orders.jsonl', orderLines(200));
    const checkpoint = join(dir, 'orders.checkpoint.json');
    collector.fault = (_n, p) =>
      p.events.some((e) => e.properties?.orderId === 'order-120') ? { status: 503 } : undefined;
    const first = await syncHistory(file, base({ checkpoint, maxAttempts: 3, concurrency: 1 }));
    expect(first.stopped).toMatch(/status 503.*gave up after 3 attempts/);
    expect(first.sent).toBe(100);
    expect(first.failed).toBe(25);
    expect(JSON.parse(readFileSync(checkpoint, 'utf8'))).toMatchObject({ through: 100, done: [] });

    collector.fault = () => undefined;
    await expect(syncHistory(file, base({ checkpoint }))).rejects.toThrow(/pass `resume: true`/);
    const second = await syncHistory(file, base({ checkpoint, resume: true }));
    expect(second).toMatchObject({ sent: 100, skipped: 100, failed: 0 });
    expect(orderIds().size).toBe(200);
    expect(collector.duplicates).toBe(0);
    expect(existsSync(checkpoint)).toBe(false);
  });

  it('after an interruption, resumes repeating at most the batches that were in flight', async () => {
    const file = writeLines('orders.jsonl', orderLines(1_000));
    const checkpoint = join(dir, 'cp.json');
    const controller = new AbortController();
    collector.fault = (n) => {
      if (n === 15) controller.abort(new Error('Ctrl-C'));
      return { delayMs: 5 + (n % 3) * 10 };
    };
    const first = await syncHistory(file, base({ checkpoint, signal: controller.signal, concurrency: 4 }));
    expect(first.stopped).toMatch(/interrupted/);
    expect(first.sent).toBeLessThan(1_000);
    collector.fault = () => undefined;
    const second = await syncHistory(file, base({ checkpoint, resume: true, concurrency: 4 }));
    expect(second.failed).toBe(0);
    expect(orderIds().size).toBe(1_000);
    expect(collector.duplicates).toBeLessThanOrEqual(4 * 25);
    // Everything acknowledged before the interruption is skipped; only in-flight batches repeat.
    expect(first.sent + second.sent).toBe(1_000);
    expect(second.skipped).toBe(first.sent);
  });

  it('refuses a checkpoint made for another API key', async () => {
    const file = writeLines('orders.jsonl', orderLines(10));
    const checkpoint = join(dir, 'cp.json');
    writeFileSync(
      checkpoint,
      JSON.stringify({ version: 1, source: file, account: 'someone-else', through: 0, done: [], sent: 0, rejected: 0 }),
    );
    const error = await syncHistory(file, base({ checkpoint, resume: true })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SyncError);
    expect((error as Error).message).toMatch(/another input file or API key/);
  });

  it('checks without sending in a dry run, and explains a missing file or secret', async () => {
    const summary = await syncHistory(['{"orderId":1,"amount":1,"items":[{"price":1,"quantity":1}]}', 'nope'], {
      apiKey: KEY,
      secret: '',
      dryRun: true,
      host: collector.host,
    });
    expect(summary).toMatchObject({ sent: 1, rejected: 1 });
    expect(collector.requests).toBe(0);
    await expect(syncHistory(join(dir, 'missing.jsonl'), base())).rejects.toThrow(/cannot read .*missing\.jsonl/);
    await expect(syncHistory([], base({ secret: '' }))).rejects.toThrow(/pass `secret`/);
  });

  it('refuses to resume when the input file changed since the checkpoint, naming both sizes', async () => {
    const file = writeLines('orders.jsonl', orderLines(100));
    const checkpoint = join(dir, 'cp.json');
    collector.fault = (n) => (n > 1 ? { status: 503 } : undefined);
    const first = await syncHistory(file, base({ checkpoint, maxAttempts: 1, concurrency: 1 }));
    expect([first.sent, first.stopped]).toEqual([25, expect.stringMatching(/status 503/)]);
    collector.fault = () => undefined;
    const size = readFileSync(file).length;
    writeLines('orders.jsonl', orderLines(120));
    const error = await syncHistory(file, base({ checkpoint, resume: true })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SyncError);
    expect((error as Error).message).toContain(
      `changed since the checkpoint ${checkpoint} was written (${size} bytes then, ${readFileSync(file).length} now)`,
    );
    expect(orderIds().size).toBe(25);
  });

  it('refuses a checkpoint that claims lines past the end of its input, after reading it', async () => {
    const checkpoint = join(dir, 'cp.json');
    collector.fault = (n) => (n > 1 ? { status: 503 } : undefined);
    await syncHistory(orderLines(50), base({ checkpoint, maxAttempts: 1, concurrency: 1 }));
    collector.fault = () => undefined;
    const saved = JSON.parse(readFileSync(checkpoint, 'utf8')) as Record<string, unknown>;
    writeFileSync(checkpoint, JSON.stringify({ ...saved, through: 80 }));
    await expect(syncHistory(orderLines(50), base({ checkpoint, resume: true }))).rejects.toThrow(
      /says lines up to 80 are finished, but the input has 50: it was edited or belongs to another input/,
    );
    expect(existsSync(checkpoint)).toBe(true);
  });

  it('refuses a second run on a checkpoint in use, naming this process, and frees it when done', async () => {
    const file = writeLines('orders.jsonl', orderLines(100));
    const checkpoint = join(dir, 'cp.json');
    collector.fault = () => ({ delayMs: 30 });
    const first = syncHistory(file, base({ checkpoint, concurrency: 1 }));
    const second = await syncHistory(file, base({ checkpoint, resume: true })).catch((e: unknown) => e);
    expect((second as Error).message).toMatch(
      new RegExp(`^the checkpoint .*cp\\.json is in use by process ${process.pid} on ${hostname()} \\(started `),
    );
    expect(await first).toMatchObject({ sent: 100, failed: 0 });
    expect(existsSync(`${checkpoint}.lock`)).toBe(false);
    expect(await syncHistory(file, base({ checkpoint }))).toMatchObject({ sent: 100, duplicates: 100 });
  });

  it('reads a first line that starts with a UTF-8 byte order mark', async () => {
    const file = writeLines('orders.jsonl', [`\uFEFF${orderLine(1)}`, orderLine(2)]);
    const summary = await syncHistory(file, base());
    expect(summary).toMatchObject({ sent: 2, rejected: 0 });
    expect(orderIds()).toEqual(new Set(['order-1', 'order-2']));
  });

  it('sends a changed order as a new event and counts an identical repeat as a duplicate', async () => {
    const changed = JSON.stringify({ ...JSON.parse(orderLine(1)), status: 'delivered' });
    const summary = await syncHistory([orderLine(1), orderLine(1), changed], base());
    expect(summary).toMatchObject({ sent: 3, duplicates: 1, rejected: 0 });
    expect([...collector.events.values()].map((e) => e.properties?.status)).toEqual(['processing', 'delivered']);
  });
});
