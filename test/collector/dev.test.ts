// `cartbeacon dev`: flags and environment, and a real run that stops cleanly on Ctrl-C.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_PORT, DEMO_API_KEY, DEMO_API_SECRET, parseDevArgs, UsageError } from '../../src/cli/dev.js';

describe('parseDevArgs', () => {
  it('uses the documented defaults without flags or environment', () => {
    expect(parseDevArgs([], {})).toEqual({
      port: DEFAULT_PORT,
      host: '127.0.0.1',
      apiKey: DEMO_API_KEY,
      secret: DEMO_API_SECRET,
      demoKey: true,
      demoSecret: true,
      dataDir: resolve('.cartbeacon'),
      fault: undefined,
      allowUnsignedTokens: false,
    });
  });

  it('reads PORT, RICHPANEL_API_KEY, RICHPANEL_API_SECRET and CARTBEACON_DATA', () => {
    const config = parseDevArgs([], {
      PORT: '9000',
      RICHPANEL_API_KEY: 'k',
      RICHPANEL_API_SECRET: 's',
      CARTBEACON_DATA: '/tmp/cb',
    });
    expect(config).toMatchObject({
      port: 9000,
      apiKey: 'k',
      secret: 's',
      demoKey: false,
      demoSecret: false,
      dataDir: '/tmp/cb',
    });
  });

  it('lets flags win over the environment', () => {
    const config = parseDevArgs(['--port', '0', '--key', 'flag-key', '--data', '/tmp/x'], {
      PORT: '9000',
      RICHPANEL_API_KEY: 'env-key',
    });
    expect(config).toMatchObject({ port: 0, apiKey: 'flag-key', dataDir: '/tmp/x' });
  });

  it('keeps events in memory with --memory', () => {
    expect(parseDevArgs(['--memory'], {})).toMatchObject({ dataDir: null });
  });

  it('trusts unsigned identity tokens only with --allow-unsigned-tokens', () => {
    expect(parseDevArgs(['--allow-unsigned-tokens'], {})).toMatchObject({ allowUnsignedTokens: true });
    expect(parseDevArgs([], {})).toMatchObject({ allowUnsignedTokens: false });
  });

  it('turns the fault flags into a fault', () => {
    expect(
      parseDevArgs(['--fail-rate', '0.3', '--status', '429', '--retry-after', '2', '--latency', '150'], {}),
    ).toMatchObject({
      fault: { failRate: 0.3, status: 429, retryAfter: '2', latencyMs: 150 },
    });
  });

  it('returns help for --help and -h', () => {
    expect(parseDevArgs(['--help'], {})).toBe('help');
    expect(parseDevArgs(['-h'], {})).toBe('help');
  });

  it('names the flag and the value for bad input', () => {
    expect(() => parseDevArgs(['--fail-rate', '30%'], {})).toThrow(
      new UsageError('--fail-rate must be between 0 and 1, got "30%"'),
    );
    expect(() => parseDevArgs(['--port', '70000'], {})).toThrow(/--port must be a port number/);
    expect(() => parseDevArgs([], { PORT: 'eighty' })).toThrow(/PORT must be a port number \(0-65535\), got "eighty"/);
    expect(() => parseDevArgs(['--status', '200.5'], {})).toThrow(/--status must be an HTTP status/);
    expect(() => parseDevArgs(['--bogus'], {})).toThrow(UsageError);
  });
});

const CLI = resolve('dist/cli.mjs');

describe('cartbeacon dev (built CLI)', () => {
  beforeAll(() => {
    // `npm test` builds first; alone, run `npm run build` (or `npx rollup -c`) before this file.
    if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run "npm run build" first`);
  });

  it('prints the shop, viewer and API URLs, serves, and exits 0 on Ctrl-C', async () => {
    const child = spawn(process.execPath, [CLI, 'dev', '--port', '0', '--memory'], {
      env: { ...process.env, RICHPANEL_API_KEY: '', RICHPANEL_API_SECRET: '' },
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const url = await new Promise<string>((done, fail) => {
      const timer = setTimeout(() => fail(new Error(out)), 10_000);
      child.stdout.on('data', () => {
        const m = /Shop\s+(http:\/\/\S+)\//.exec(out);
        if (m && out.includes('Ctrl-C to stop')) {
          clearTimeout(timer);
          done(m[1] as string);
        }
      });
    });
    expect(out).toContain(`Viewer   ${url}/events`);
    expect(out).toContain(`API      ${url}/v2/bt`);
    expect(out).toContain(`using the demo secret "${DEMO_API_SECRET}"`);
    expect(await (await fetch(`${url}/healthz`)).json()).toEqual({ status: 'ok', events: 0 });
    const exit = new Promise<number | null>((done) => child.once('exit', done));
    child.kill('SIGINT');
    expect(await exit).toBe(0);
    expect(out).toContain('Ctrl-C: stopping');
  });

  it('exits 2 with the usage for a bad flag', async () => {
    const child = spawn(process.execPath, [CLI, 'dev', '--fail-rate', '2']);
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    expect(await new Promise((done) => child.once('exit', done))).toBe(2);
    expect(err).toContain('--fail-rate must be between 0 and 1, got "2"');
    expect(err).toContain('Usage: cartbeacon dev');
  });

  it('says clearly when the port is taken', async () => {
    const { createServer } = await import('node:net');
    const blocker = createServer().listen(0, '127.0.0.1');
    await new Promise((r) => blocker.once('listening', r));
    const port = (blocker.address() as { port: number }).port;
    const child = spawn(process.execPath, [CLI, 'dev', '--port', String(port), '--memory']);
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    expect(await new Promise((done) => child.once('exit', done))).toBe(1);
    blocker.close();
    expect(err).toContain(`port ${port} is already in use`);
  });
});
