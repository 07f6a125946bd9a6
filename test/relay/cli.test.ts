// The built CLI (`npm test` builds first): `cartbeacon send` relays each JSON line to every --to
// destination, against the dev server's collector and emulators, with the sync's flags and
// environment variables, and says per line and destination what happened.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEMO_API_KEY, DEMO_API_SECRET } from '../../src/cli/dev.js';
import { historyOrder } from '../sync/destinations/fixture.js';
import { cli, type Run } from '../sync/run-cli.js';
import { ESPUTNIK_KEY, KEY, RFMCUBE_KEY, SECRET, devServer } from './helpers.js';

const customer = { id: 'c1', email: 'shopper1@example.com', firstName: 'Ada', createdAt: '2023-01-02T03:04:05Z' };

function linesFile(...lines: unknown[]): string {
  const file = join(mkdtempSync(join(tmpdir(), 'cartbeacon-send-')), 'changes.jsonl');
  writeFileSync(file, `${lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n')}\n`);
  return file;
}

/** `cartbeacon send -` with `input` on standard input. */
const sendStdin = (args: string[], input: string, env: Record<string, string>): Promise<Run> =>
  cli(['send', '-', ...args], env, undefined, input);

describe('cartbeacon send', () => {
  it('prints its help, built from the destination table', async () => {
    const run = await cli(['send', '--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Usage: cartbeacon send <file\|-> \[options\]/);
    for (const flag of [
      '--to <names>',
      '--dev <url>',
      '--rfmcube-key <key>',
      '--esputnik-key <key>',
      'RICHPANEL_API_SECRET',
    ])
      expect(run.stdout).toContain(flag);
  });

  it('relays an order, a customer and an erasure to all three with --dev and no account, and exits 3 for what has no API', async () => {
    const dev = await devServer({
      apiKey: DEMO_API_KEY,
      secret: DEMO_API_SECRET,
      rfmcube: { apiKey: undefined },
      esputnik: { apiKey: undefined },
    });
    // The customer as the order has them (same name): their order update needs no second merge_customer.
    const file = linesFile(
      historyOrder(1),
      { ...customer, firstName: 'Test' },
      { ...historyOrder(1), status: 'delivered' },
      { delete: { email: customer.email } },
    );
    const run = await cli(['send', file, '--to', 'richpanel,rfmcube,esputnik', '--dev', dev.url]);
    expect(run.stdout.split('\n').filter((l) => l.startsWith('line '))).toEqual([
      'line 1 · order "order-1": richpanel sent (order) · rfmcube sent (merge_customer, merge_order) · esputnik sent (contact, orderCreated)',
      'line 2 · customer "shopper1@example.com": richpanel sent (identify) · rfmcube sent (merge_customer) · esputnik sent (contact)',
      'line 3 · order "order-1": richpanel sent (order) · rfmcube sent (merge_order) · esputnik sent (orderDelivered)',
      'line 4 · erasure of "shopper1@example.com": richpanel not supported · rfmcube sent (delete_customer) · esputnik sent (search, erase)',
    ]);
    expect(run.stdout).toContain('  richpanel: Richpanel documents no API to erase a customer');
    expect(run.stdout).toMatch(/\n4 lines: richpanel 3 sent, 1 not supported · rfmcube 4 sent · esputnik 4 sent\n$/);
    expect(run.code).toBe(3);
    expect(dev.rfmcube.customers.size).toBe(0);
    expect(dev.esputnik.contacts.size).toBe(0);
    expect(dev.esputnik.ignored).toEqual([]);
    expect(dev.events.filter((e) => e.name === 'order')).toHaveLength(2);
  });

  it('exits 0 when every destination took every line, keys and addresses from the environment and per-destination flags', async () => {
    const dev = await devServer();
    const file = linesFile(historyOrder(1), historyOrder(2));
    const run = await cli(
      [
        'send',
        file,
        '--to',
        'rfmcube,esputnik',
        '--base-url',
        `rfmcube=${dev.url}/rfmcube/v1`,
        '--base-url',
        `esputnik=${dev.url}/esputnik`,
      ],
      { RFMCUBE_API_KEY: RFMCUBE_KEY, ESPUTNIK_API_KEY: ESPUTNIK_KEY },
    );
    expect(run.stdout).toMatch(/\n2 lines: rfmcube 2 sent · esputnik 2 sent\n$/);
    expect(run.code).toBe(0);
    expect(dev.esputnik.events.map((e) => e.params.externalOrderId)).toEqual(['order-1', 'order-2']);
  });

  it('reads standard input and signs Richpanel events with the key and secret from the environment', async () => {
    const dev = await devServer();
    const run = await sendStdin(['--host', dev.url], `${JSON.stringify(customer)}\n`, {
      RICHPANEL_API_KEY: KEY,
      RICHPANEL_API_SECRET: SECRET,
    });
    expect(run.stdout).toContain('line 1 · customer "shopper1@example.com": richpanel sent (identify)');
    expect(run.code).toBe(0);
    expect(dev.events.map((e) => [e.name, e.identity.verified])).toEqual([['identify', true]]);
  });

  it('exits 1 and says what to fix, as flags, when a line cannot go somewhere; the other lines still go', async () => {
    const dev = await devServer();
    const unmatched = { ...historyOrder(2), amount: 70 }; // items add up to 59.97
    const file = linesFile(unmatched, historyOrder(1), 'not json');
    const run = await cli(['send', file, '--to', 'esputnik', '--base-url', `${dev.url}/esputnik`], {
      ESPUTNIK_API_KEY: ESPUTNIK_KEY,
    });
    expect(run.stdout).toMatch(
      /^line 1: not relayed: order "order-2" cannot be relayed: eSputnik: totalCost 70\.00 does not match .* pass --fix-totals to spread/m,
    );
    expect(run.stdout).toContain('line 2 · order "order-1": esputnik sent (contact, orderCreated)');
    expect(run.stdout).toContain('line 3: not relayed: not valid JSON');
    expect(run.code).toBe(1);
  });

  it('exits 1 with the reason when a destination is down, after the others took the line', async () => {
    const dev = await devServer();
    const down = await devServer();
    await down.close();
    const file = linesFile(historyOrder(1));
    const run = await cli(
      [
        'send',
        file,
        '--to',
        'richpanel,rfmcube',
        '--host',
        dev.url,
        '--base-url',
        `${down.url}/rfmcube/v1`,
        '--attempts',
        '1',
      ],
      { RICHPANEL_API_KEY: KEY, RICHPANEL_API_SECRET: SECRET, RFMCUBE_API_KEY: RFMCUBE_KEY },
    );
    expect(run.stdout).toContain('line 1 · order "order-1": richpanel sent (order) · rfmcube failed');
    expect(run.stdout).toMatch(/ {2}rfmcube: Network error: POST .*\/merge_customer .*gave up after 1 attempts/);
    expect(run.code).toBe(1);
    expect(dev.events.map((e) => e.name)).toEqual(['order']);
  });

  it('refuses ambiguous or missing settings with a usage error naming flags and variables', async () => {
    const shared = await cli(['send', 'x.jsonl', '--to', 'rfmcube,esputnik', '--base-url', 'http://127.0.0.1:1'], {
      RFMCUBE_API_KEY: 'r',
      ESPUTNIK_API_KEY: 'e',
    });
    expect(shared.code).toBe(2);
    expect(shared.stderr).toContain(
      '--base-url is used by rfmcube and esputnik: say which, e.g. --base-url rfmcube=… --base-url esputnik=…',
    );
    const noKey = await cli(['send', 'x.jsonl', '--to', 'richpanel,rfmcube'], {
      RICHPANEL_API_KEY: 'k',
      RICHPANEL_API_SECRET: 's',
    });
    expect(noKey.code).toBe(2);
    expect(noKey.stderr).toContain(
      'no Rfmcube key: set RFMCUBE_API_KEY (or pass --rfmcube-key), or --dev <url> to try the dev server',
    );
    const wrongTo = await cli(['send', 'x.jsonl', '--to', 'richpanel,segment']);
    expect(wrongTo.code).toBe(2);
    expect(wrongTo.stderr).toContain('--to takes a comma-separated list of richpanel, rfmcube, esputnik');
    const foreign = await cli(['send', 'x.jsonl', '--to', 'rfmcube', '--fix-totals'], { RFMCUBE_API_KEY: 'r' });
    expect(foreign.code).toBe(2);
    expect(foreign.stderr).toContain('--fix-totals is for --to esputnik');
    const missing = await cli(['send', 'nope.jsonl', '--to', 'rfmcube'], { RFMCUBE_API_KEY: 'r' });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('cannot read nope.jsonl');
  });
});
