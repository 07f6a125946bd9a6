// The built CLI (`npm test` builds first): `cartbeacon sync --to rfmcube|esputnik` against the emulators.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startCollector, type RunningCollector } from '../../../src/collector/index.js';
import { cli } from '../run-cli.js';
import { fixtureOrder, historyLines } from './fixture.js';

const running: RunningCollector[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((c) => c.close()));
});

function orders(lines: string[]): string {
  const file = join(mkdtempSync(join(tmpdir(), 'cartbeacon-cli-dest-')), 'orders.jsonl');
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

describe('cartbeacon sync --to', () => {
  it('imports a file into Rfmcube with the key from RFMCUBE_API_KEY, waits for the processes and exits 0', async () => {
    const c = await startCollector({ rfmcube: { apiKey: 'rk', pollsToComplete: 1 } });
    running.push(c);
    const file = orders(historyLines(30));
    // --rate 3000: two imports and their polls, well inside the emulator's 60 a minute.
    const run = await cli(['sync', file, '--to', 'rfmcube', '--base-url', `${c.url}/rfmcube/v1`, '--rate', '3000'], {
      RFMCUBE_API_KEY: 'rk',
    });
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/^sent 30 · rejected 0 · retried 0 · failed 0/);
    expect(run.code).toBe(0);
    expect(c.rfmcube.customers.size).toBe(10);
    expect(existsSync(`${file}.rfmcube.checkpoint.json`)).toBe(false);
  });

  it('sends a file to eSputnik, writes orders it cannot map to <file>.esputnik.rejects.jsonl and exits 1', async () => {
    const c = await startCollector({ esputnik: { apiKey: 'ek' } });
    running.push(c);
    const bad = JSON.stringify({
      orderId: 'no-status',
      email: 'a@example.com',
      amount: 1,
      createdAt: 1,
      items: [{ id: 'x', price: 1, quantity: 1, name: 'X', url: 'u', imageUrl: 'i' }],
    });
    const file = orders([...historyLines(5), bad]);
    const run = await cli([
      'sync',
      file,
      '--to',
      'esputnik',
      '--esputnik-key',
      'ek',
      '--base-url',
      `${c.url}/esputnik`,
      '--status-map',
      '{"processing":"DELIVERED"}',
    ]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^sent 5 · rejected 1/);
    expect(run.stdout).toContain(`${file}.esputnik.rejects.jsonl`);
    expect(JSON.parse(readFileSync(`${file}.esputnik.rejects.jsonl`, 'utf8'))).toMatchObject({
      line: 6,
      reason: expect.stringMatching(/status is missing/),
    });
    expect([...c.esputnik.orders.values()].every((o) => o.status === 'DELIVERED')).toBe(true);
  });

  it('explains a missing key, an unknown destination and a flag for another destination with exit code 2', async () => {
    const noKey = await cli(['sync', 'x.jsonl', '--to', 'rfmcube']);
    expect([noKey.code, noKey.stderr]).toEqual([2, expect.stringMatching(/no Rfmcube key: set RFMCUBE_API_KEY/)]);
    const unknown = await cli(['sync', 'x.jsonl', '--to', 'mailchimp']);
    expect([unknown.code, unknown.stderr]).toEqual([
      2,
      expect.stringMatching(/--to must be one of richpanel, rfmcube, esputnik/),
    ]);
    const wrong = await cli(['sync', 'x.jsonl', '--to', 'rfmcube', '--fix-totals'], { RFMCUBE_API_KEY: 'k' });
    expect([wrong.code, wrong.stderr]).toEqual([2, expect.stringMatching(/--fix-totals is for --to esputnik/)]);
    const help = await cli(['sync', '--help']);
    expect(help.stdout).toMatch(/--to <name>[\s\S]*--rfmcube-key[\s\S]*--esputnik-key[\s\S]*--base-url/);
  });

  it('words the options named in rejects and errors as the flags that set them', async () => {
    const c = await startCollector({ esputnik: { apiKey: 'ek' } });
    running.push(c);
    const file = orders([JSON.stringify(fixtureOrder())]);
    // As past events (Generate event's rules: item urls, costs adding up to the total).
    const run = await cli(['sync', file, '--to', 'esputnik', '--past-events', '--base-url', `${c.url}/esputnik`], {
      ESPUTNIK_API_KEY: 'ek',
    });
    expect(run.code).toBe(1);
    const { reason } = JSON.parse(readFileSync(`${file}.esputnik.rejects.jsonl`, 'utf8')) as { reason: string };
    expect(reason).toContain('pass --item-url for urls, or --without-items to send orders without items');
    expect(reason).toContain('pass --fix-totals to spread the difference');
    expect(reason).not.toContain('`');
    const bad = await cli(['sync', file, '--to', 'esputnik', '--base-url', 'ftp://x'], { ESPUTNIK_API_KEY: 'ek' });
    expect([bad.code, bad.stderr]).toEqual([
      1,
      expect.stringMatching(/^cartbeacon sync: --base-url must be an http\(s\) URL/),
    ]);
  });
});
