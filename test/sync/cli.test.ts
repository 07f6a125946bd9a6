// The built CLI (`npm test` builds first): `cartbeacon sync` to Richpanel against a local collector,
// including checkpoint safety (content, validity, one run at a time) and what repeated lines do.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startCollector, type TestCollector } from '../server/collector.js';
import { orderLine, orderLines } from './orders.js';
import { cli as run, type Run } from './run-cli.js';

const KEY = 'cli-key';
const SECRET = 'cli-secret';
const CREDENTIALS = { RICHPANEL_API_KEY: KEY, RICHPANEL_API_SECRET: SECRET };

function cli(args: string[], env: Record<string, string> = {}, onStart?: (child: ChildProcess) => void): Promise<Run> {
  return run(args, { ...CREDENTIALS, ...env }, onStart);
}

describe('cartbeacon sync', () => {
  let collector: TestCollector;
  let dir: string;
  beforeEach(async () => {
    collector = await startCollector(SECRET);
    dir = mkdtempSync(join(tmpdir(), 'cartbeacon-cli-'));
  });
  afterEach(() => collector.close());
  const orderIds = () => new Set([...collector.events.values()].map((e) => e.properties?.orderId));

  it('sends a file, prints a summary and exits 0 when every line was sent', async () => {
    const file = join(dir, 'orders.jsonl');
    writeFileSync(file, `${orderLines(60).join('\n')}\n`);
    const run = await cli(['sync', file, '--host', collector.host]);
    expect(run.stdout).toMatch(/^sent 60 · rejected 0 · retried 0 · failed 0/);
    expect(run.code).toBe(0);
    expect(orderIds().size).toBe(60);
    expect(existsSync(`${file}.checkpoint.json`)).toBe(false);
  });

  it('exits 1 and names the rejects file when a line is invalid', async () => {
    const file = join(dir, 'orders.jsonl');
    writeFileSync(file, `${orderLines(3).join('\n')}\n{"orderId":"no-items","amount":1}\n`);
    const run = await cli(['sync', file, '--host', collector.host]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(`rejected lines are in ${file}.rejects.jsonl`);
    expect(JSON.parse(readFileSync(`${file}.rejects.jsonl`, 'utf8'))).toMatchObject({
      line: 4,
      reason: expect.stringContaining('items is missing or empty'),
    });
  });

  it('refuses to run without credentials, naming the environment variables', async () => {
    const run = await cli(['sync', 'x.jsonl'], { ...CREDENTIALS, RICHPANEL_API_SECRET: '' });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/RICHPANEL_API_SECRET/);
  });

  it.each(['SIGKILL', 'SIGINT'] as const)(
    'after %s mid-run, --resume sends every missing order and repeats at most the in-flight batches',
    async (signal) => {
      const total = 3_000;
      const concurrency = 4;
      const file = join(dir, 'orders.jsonl');
      writeFileSync(file, `${orderLines(total).join('\n')}\n`);
      let child: ChildProcess | undefined;
      collector.fault = (n) => {
        if (n === 40) child?.kill(signal);
        return { delayMs: 10 + (n % 4) * 5 };
      };
      const first = await cli(
        ['sync', file, '--host', collector.host, '--concurrency', String(concurrency)],
        {},
        (c) => {
          child = c;
        },
      );
      if (signal === 'SIGKILL') expect(first.signal).toBe('SIGKILL');
      else
        expect([first.code, first.stdout]).toEqual([130, expect.stringMatching(/stopped: interrupted[\s\S]*--resume/)]);
      const received = orderIds().size;
      expect(received).toBeGreaterThan(0);
      expect(received).toBeLessThan(total);
      const checkpoint = JSON.parse(readFileSync(`${file}.checkpoint.json`, 'utf8')) as {
        through: number;
        done: unknown[];
      };
      expect(checkpoint.through).toBeGreaterThan(0);

      collector.fault = () => undefined;
      const second = await cli([
        'sync',
        file,
        '--host',
        collector.host,
        '--concurrency',
        String(concurrency),
        '--resume',
      ]);
      expect(second.code).toBe(0);
      expect(orderIds().size).toBe(total);
      expect(collector.duplicates).toBeLessThanOrEqual(concurrency * 25);
      expect(second.stdout).toMatch(/skipped [\d,]+ \(done before\)/);
    },
  );
});

describe('cartbeacon sync: checkpoints and repeated orders', () => {
  let collector: TestCollector;
  let dir: string;
  let file: string;
  beforeEach(async () => {
    collector = await startCollector(SECRET);
    dir = mkdtempSync(join(tmpdir(), 'cartbeacon-cli-cp-'));
    file = join(dir, 'orders.jsonl');
  });
  afterEach(() => collector.close());
  const checkpoint = () => `${file}.checkpoint.json`;
  const orderIds = () => new Set([...collector.events.values()].map((e) => e.properties?.orderId));

  /** A first run that stops after 2 batches (50 orders) and keeps its checkpoint. */
  async function stoppedRun(lines: string[]): Promise<void> {
    writeFileSync(file, `${lines.join('\n')}\n`);
    collector.fault = (n) => (n > 2 ? { status: 401 } : undefined);
    const first = await cli(['sync', file, '--host', collector.host, '--concurrency', '1']);
    expect([first.code, first.stdout]).toEqual([1, expect.stringMatching(/^sent 50 [\s\S]*stopped: .*status 401/)]);
    expect(JSON.parse(readFileSync(checkpoint(), 'utf8'))).toMatchObject({ through: 50 });
    collector.fault = () => undefined;
  }

  it('refuses --resume when a new export was written to the same path, and sends nothing', async () => {
    await stoppedRun(orderLines(100));
    const requests = collector.requests;
    // A fresh export: the same first orders, 50 more at the end.
    writeFileSync(file, `${orderLines(150).join('\n')}\n`);
    const second = await cli(['sync', file, '--host', collector.host, '--resume']);
    expect(second.code).toBe(1);
    expect(second.stderr).toMatch(/input file .*orders\.jsonl changed since the checkpoint .* was written/);
    expect(second.stderr).toContain('resuming would skip the wrong lines');
    expect(collector.requests).toBe(requests);
    expect(existsSync(checkpoint())).toBe(true);
  });

  it('refuses a file changed in place with the same size', async () => {
    await stoppedRun(orderLines(100));
    const changed = orderLines(100).map((l) => l.replace('"amount":169.97', '"amount":269.97'));
    writeFileSync(file, `${changed.join('\n')}\n`);
    const second = await cli(['sync', file, '--host', collector.host, '--resume']);
    expect([second.code, second.stderr]).toEqual([1, expect.stringMatching(/the same size, different content/)]);
  });

  it.each([
    ['a `through` beyond the file', { through: 1e9 }, /says lines up to 1000000000 are finished, but .* has at most/],
    ['done: [5]', { done: [5] }, /damaged or was edited \(done\[0\] must be a \[from, to\] pair of line numbers/],
    ['wrong types', { through: 'ten', sent: -1 }, /through must be a whole number of lines.*; sent must be a count/],
  ])('explains a checkpoint with %s, exits 1 and sends nothing', async (_name, change, message) => {
    await stoppedRun(orderLines(100));
    const requests = collector.requests;
    const saved = JSON.parse(readFileSync(checkpoint(), 'utf8')) as Record<string, unknown>;
    writeFileSync(checkpoint(), JSON.stringify({ ...saved, ...change }));
    const second = await cli(['sync', file, '--host', collector.host, '--resume']);
    expect(second.code).toBe(1);
    expect(second.stderr).toMatch(message);
    expect(second.stderr).not.toMatch(/is not iterable/);
    expect(collector.requests).toBe(requests);
  });

  it('refuses a second run on a checkpoint in use, naming the process, host and start time', async () => {
    // 8 batches of 400 ms: the first run is still going while a second CLI starts on a busy machine.
    writeFileSync(file, `${orderLines(200).join('\n')}\n`);
    collector.fault = () => ({ delayMs: 400 });
    let first: ChildProcess | undefined;
    const running = cli(['sync', file, '--host', collector.host, '--concurrency', '1'], {}, (c) => {
      first = c;
    });
    const lock = `${checkpoint()}.lock`;
    for (let i = 0; i < 1000 && !existsSync(lock); i++) await new Promise((r) => setTimeout(r, 10));
    expect(existsSync(lock)).toBe(true);
    const second = await cli(['sync', file, '--host', collector.host, '--resume']);
    expect(second.code).toBe(1);
    expect(second.stderr).toMatch(
      new RegExp(`in use by process ${first!.pid} on ${hostname()} \\(started \\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z\\)`),
    );
    const done = await running;
    expect([done.code, orderIds().size]).toEqual([0, 200]);
    expect(existsSync(lock)).toBe(false);
  });

  it('takes over the lock of a run that died, and removes it when done', async () => {
    writeFileSync(file, `${orderLines(30).join('\n')}\n`);
    // A short-lived process: once it has exited, its pid names a run that died.
    const dead = await new Promise<number>((resolve) => {
      const child = spawn(process.execPath, ['-e', '']);
      child.on('exit', () => resolve(child.pid!));
    });
    const lock = `${checkpoint()}.lock`;
    writeFileSync(lock, JSON.stringify({ pid: dead, host: hostname(), startedAt: '2020-01-01T00:00:00.000Z' }));
    const result = await cli(['sync', file, '--host', collector.host]);
    expect([result.code, result.stderr]).toEqual([0, '']);
    expect(orderIds().size).toBe(30);
    expect(existsSync(lock)).toBe(false);
  });

  it('sends the first order of a file that starts with a UTF-8 byte order mark', async () => {
    writeFileSync(file, `\uFEFF${orderLines(3).join('\n')}\n`);
    const result = await cli(['sync', file, '--host', collector.host]);
    expect(result.stdout).toMatch(/^sent 3 · rejected 0/);
    expect(result.code).toBe(0);
    expect(orderIds()).toEqual(new Set(['order-1', 'order-2', 'order-3']));
  });

  it('sends a repeated orderId with a new amount as an update, and counts an identical repeat as a duplicate', async () => {
    const first = JSON.parse(orderLine(1)) as Record<string, unknown>;
    const update = JSON.stringify({ ...first, amount: 200, updatedAt: 1_700_000_900_000 });
    writeFileSync(file, `${[orderLine(1), orderLine(2), update, orderLine(2)].join('\n')}\n`);
    const result = await cli(['sync', file, '--host', collector.host]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /^sent 4 · rejected 0 · retried 0 · failed 0 · duplicates 1 \(the collector had them already\)/,
    );
    const stored = [...collector.events.values()].map((e) => [e.properties?.orderId, e.properties?.amount]);
    expect(stored).toEqual([
      ['order-1', 169.97],
      ['order-2', 169.97],
      ['order-1', 200],
    ]);
    // The same file again: every line is a duplicate, nothing new is stored.
    const again = await cli(['sync', file, '--host', collector.host]);
    expect(again.stdout).toMatch(/^sent 4 .* duplicates 4 /);
    expect(collector.events.size).toBe(3);
  });
});
