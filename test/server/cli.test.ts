import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decryptUserData, verifyUserToken } from '../../src/server/tokens.js';
import { builtFile } from './built.js';
import { startCollector, type TestCollector } from './collector.js';
import { orderLines } from './orders.js';

const KEY = 'cli-key';
const SECRET = 'cli-secret';

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

function cli(args: string[], env: Record<string, string> = {}, onStart?: (child: ChildProcess) => void): Promise<Run> {
  const child = spawn(process.execPath, [builtFile('cli.mjs'), ...args], {
    env: { PATH: process.env.PATH ?? '', RICHPANEL_API_KEY: KEY, RICHPANEL_API_SECRET: SECRET, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  onStart?.(child);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => {
    stdout += d.toString();
  });
  child.stderr!.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  return new Promise((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })));
}

describe('cartbeacon token', () => {
  it('prints a compatible token for the JSON argument, with the secret from the environment', async () => {
    const run = await cli(['token', '{"id":"42","email":"a@example.com"}']);
    expect(run.code).toBe(0);
    expect(decryptUserData(run.stdout.trim(), SECRET)).toEqual({ id: '42', email: 'a@example.com' });
  });

  it('prints a hardened token with --ttl', async () => {
    const run = await cli(['token', '--ttl', '600', '--secret', 'flag-wins', '{"id":42}']);
    expect(run.code).toBe(0);
    const claims = verifyUserToken(run.stdout.trim(), 'flag-wins', { requireSignature: true });
    expect((claims.exp as number) - (claims.iat as number)).toBe(600);
  });

  it('explains bad input with the usage and exit code 2, and never echoes the secret', async () => {
    const run = await cli(['token', '{"id":']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/not valid JSON[\s\S]*Usage: cartbeacon token/);
    const noId = await cli(['token', '{"email":"hidden@example.com"}']);
    expect(noId.code).toBe(1);
    expect(noId.stderr).toMatch(/needs an "id"/);
    expect(noId.stderr + noId.stdout).not.toMatch(/hidden|cli-secret/);
    const help = await cli(['token', '--help']);
    expect([help.code, help.stdout]).toEqual([0, expect.stringContaining('--ttl <seconds>')]);
  });
});

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
      reason: 'items is missing or empty',
    });
  });

  it('refuses to run without credentials, naming the environment variables', async () => {
    const run = await cli(['sync', 'x.jsonl'], { RICHPANEL_API_SECRET: '' });
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
