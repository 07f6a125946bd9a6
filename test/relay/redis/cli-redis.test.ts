// The built CLI on Redis: `cartbeacon send --redis` accepts each line into the shared queue and exits
// (delivering nothing itself); `cartbeacon relay --redis` is the worker that delivers it, prints its
// progress, and stops cleanly on SIGTERM.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtFile } from '../../server/built.js';
import { historyOrder } from '../../sync/destinations/fixture.js';
import { cli } from '../../sync/run-cli.js';
import { closeAfterTest, devServer, received } from '../helpers.js';
import { eventually } from './instances.js';
import { startRedis } from './redis-server.js';

function linesFile(...lines: unknown[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'cartbeacon-send-'));
  closeAfterTest({ close: async () => rmSync(dir, { recursive: true, force: true }) });
  const file = join(dir, 'changes.jsonl');
  writeFileSync(file, `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`);
  return file;
}

describe('cartbeacon send --redis and cartbeacon relay', () => {
  it('prints the relay command in the help', async () => {
    const help = await cli(['relay', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: cartbeacon relay --redis <url> \[options\]/);
    expect((await cli(['send', '--help'])).stdout).toContain('--redis <url>');
    const missing = await cli(['relay', '--to', 'rfmcube']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('give --redis <url>');
  });

  it('queues lines in Redis with send, then a relay worker delivers them and stops on SIGTERM', async () => {
    const redis = await startRedis();
    closeAfterTest({ close: () => redis.stop() });
    const dev = await devServer({ rfmcube: { apiKey: undefined }, esputnik: { apiKey: undefined } });
    const to = ['--to', 'rfmcube,esputnik', '--dev', dev.url, '--fix-totals'];
    const file = linesFile(historyOrder(1), { delete: { email: 'shopper1@example.com' } });
    const sent = await cli(['send', file, ...to, '--redis', redis.url]);
    expect(sent.stdout.split('\n').filter((l) => l.startsWith('line '))).toEqual([
      'line 1 · order "order-1": rfmcube queued · esputnik queued',
      'line 2 · erasure of "shopper1@example.com": rfmcube queued · esputnik queued',
    ]);
    expect(sent.stdout).toContain('queued in Redis: "cartbeacon relay --redis <url>" delivers them');
    expect(sent.code).toBe(0);
    expect(dev.events).toEqual([]);

    const worker = spawn(process.execPath, [builtFile('cli.mjs'), 'relay', ...to, '--redis', redis.url], {
      env: { PATH: process.env.PATH ?? '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    // Killed after the test whatever happens (before its Redis is stopped); a no-op once it exited.
    closeAfterTest({ close: async () => void worker.kill('SIGKILL') });
    let stderr = '';
    worker.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    const exited = new Promise<number | null>((resolve) => worker.on('exit', (code) => resolve(code)));
    await eventually(
      () => received(dev).length === 6,
      () => [received(dev), stderr],
    );
    expect([...received(dev)].sort()).toEqual([
      'esputnik.contact',
      'esputnik.delete_contact',
      'esputnik.orderCreated',
      'rfmcube.delete_customer',
      'rfmcube.merge_customer',
      'rfmcube.merge_order',
    ]);
    // The erasure after the order it came after.
    expect(received(dev).indexOf('rfmcube.delete_customer')).toBeGreaterThan(
      received(dev).indexOf('rfmcube.merge_order'),
    );
    expect(received(dev).indexOf('esputnik.delete_contact')).toBeGreaterThan(
      received(dev).indexOf('esputnik.orderCreated'),
    );
    expect(stderr).toContain(`relay: delivering from ${redis.url} (prefix cartbeacon) to rfmcube, esputnik`);
    worker.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(stderr).toContain('relay: SIGTERM: stopping after the requests in flight');
    const summary = stderr.split('\n').find((l) => l.startsWith('relay: 4 delivered ('));
    expect(summary).toContain('rfmcube sent 2');
    expect(summary).toContain('esputnik sent 2');
    expect(stderr).toContain('relay: stopped');
  });
});
