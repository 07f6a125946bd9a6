// The destination table drives the CLI: flags, environment variables, help and checks; library
// messages name options and the CLI words them as the flags that set them.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SYNC_USAGE } from '../../src/cli/sync.js';
import { DESTINATION_FLAGS, destinationOptions, flagWording } from '../../src/cli/sync-destination.js';
import { esputnik } from '../../src/sync/destinations/esputnik/descriptor.js';
import { toEsputnikEvent } from '../../src/sync/destinations/esputnik/map.js';
import { rfmcube } from '../../src/sync/destinations/rfmcube/descriptor.js';
import { richpanel } from '../../src/sync/destinations/richpanel/descriptor.js';
import { DESTINATIONS } from '../../src/sync/destinations/table.js';
import { syncHistory } from '../../src/sync/sync.js';
import { ROOT } from '../server/built.js';
import { fixtureOrder } from './destinations/fixture.js';

const messageOf = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected an error');
};

describe('the destination table', () => {
  it("gives every destination's flags, environment variables and help to the CLI", () => {
    for (const d of DESTINATIONS) {
      const section = SYNC_USAGE.slice(SYNC_USAGE.indexOf(`${d.title} (--to ${d.name}`));
      expect(section.split('\n')[0]).toContain(d.summary);
      for (const o of d.options) {
        expect(DESTINATION_FLAGS[o.flag]).toEqual({ type: o.type });
        expect(section).toContain(`--${o.flag}`);
        if (o.env) expect(section).toContain(`env ${o.env}`);
      }
      if (d.emulator) expect(section).toContain(`http://127.0.0.1:8787${d.emulator.path}`);
    }
    expect(SYNC_USAGE).toMatch(
      /--rate <n> .*rfmcube 55, esputnik at its own limits \(10800 a minute for contacts and orders, 5400 for past events\)/,
    );
  });

  it("turns flags and environment variables into each destination's options", () => {
    expect(destinationOptions({}, { RICHPANEL_API_KEY: 'k', RICHPANEL_API_SECRET: 's' }, false).options).toEqual({
      destination: 'richpanel',
      apiKey: 'k',
      secret: 's',
    });
    expect(
      destinationOptions(
        { to: 'rfmcube', 'base-url': 'http://x', 'status-map': '{"a":"b"}' },
        { RFMCUBE_API_KEY: 'r' },
        false,
      ).options,
    ).toEqual({ destination: 'rfmcube', rfmcube: { apiKey: 'r', baseUrl: 'http://x', statusMap: { a: 'b' } } });
    const values = {
      to: 'esputnik',
      'esputnik-key': 'flag',
      'fix-totals': true,
      'without-items': true,
      'item-url': 'u',
    };
    expect(destinationOptions(values, { ESPUTNIK_API_KEY: 'env' }, false).options).toEqual({
      destination: 'esputnik',
      esputnik: { apiKey: 'flag', fixTotals: true, items: false, itemUrl: 'u' },
    });
  });

  it('refuses a missing key, a flag meant for another destination and a bad value, naming flags', () => {
    expect(() => destinationOptions({}, { RICHPANEL_API_KEY: 'k' }, false)).toThrow(
      'no API secret: set RICHPANEL_API_SECRET (or pass --secret)',
    );
    expect(destinationOptions({}, { RICHPANEL_API_KEY: 'k' }, true).options).toEqual({
      destination: 'richpanel',
      apiKey: 'k',
    });
    expect(() => destinationOptions({ 'base-url': 'http://x' }, { RICHPANEL_API_KEY: 'k' }, true)).toThrow(
      '--base-url is for --to rfmcube or esputnik',
    );
    expect(() => destinationOptions({ to: 'rfmcube', host: 'http://x' }, { RFMCUBE_API_KEY: 'k' }, true)).toThrow(
      '--host is for --to richpanel',
    );
    expect(() => destinationOptions({ to: 'rfmcube', 'status-map': '[1]' }, { RFMCUBE_API_KEY: 'k' }, true)).toThrow(
      '--status-map must map each shop status to a status name (text)',
    );
  });

  it('names options in library errors, never CLI flags or environment variables; the CLI words them as flags', async () => {
    const missing = await syncHistory([], { destination: 'rfmcube', rfmcube: { apiKey: '' } }).then(
      () => '',
      (e: Error) => e.message,
    );
    expect(missing).toBe('the Rfmcube API key is missing: pass `rfmcube.apiKey`');
    expect(flagWording(rfmcube)(missing)).toBe('the Rfmcube API key is missing: pass --rfmcube-key / RFMCUBE_API_KEY');
    const totals = messageOf(() => toEsputnikEvent(fixtureOrder(), { itemUrl: 'u' }));
    expect(totals).toContain('pass `fixTotals: true` to spread the difference');
    expect(flagWording(esputnik)(totals)).toContain('pass --fix-totals to spread the difference');
    const items = messageOf(() => toEsputnikEvent(fixtureOrder(), { fixTotals: true }));
    expect(flagWording(esputnik)(items)).toContain('pass --item-url for urls, or --without-items to send orders');
    const secret = await syncHistory([], { apiKey: 'k' }).then(
      () => '',
      (e: Error) => e.message,
    );
    expect(flagWording(richpanel)(secret)).toBe(
      'the Richpanel API secret is missing: pass --secret / RICHPANEL_API_SECRET (it never leaves your server)',
    );
    expect(flagWording(richpanel)('pass `resume: true` to continue it')).toBe('pass --resume to continue it');
  });

  it('keeps CLI flags and environment variables out of every library message', () => {
    const flags = DESTINATIONS.flatMap((d) => d.options.map((o) => `--${o.flag}`));
    const envs = DESTINATIONS.flatMap((d) => d.options.flatMap((o) => (o.env ? [o.env] : [])));
    const files = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
        e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
      );
    for (const file of [...files(`${ROOT}src/sync`), ...files(`${ROOT}src/delivery`), `${ROOT}src/server/batch.ts`]) {
      // Code only (comments may explain the CLI); a descriptor declares its flags and variables as data.
      const text = readFileSync(file, 'utf8')
        .replace(/\/\*[\s\S]*?\*\//g, '')
        .replace(/^\s*\/\/.*$/gm, '')
        .replace(/^\s*(flag|env): '[^']*',?$/gm, '');
      for (const word of [...flags, ...envs, '--resume', '--checkpoint'])
        expect(text.includes(word), `${file} mentions ${word}`).toBe(false);
    }
  });
});
