// `cartbeacon dev` with the first-party proxy: --upstream, and the built CLI mounting the proxy at /cb
// in front of an upstream, or of itself.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseDevArgs, UsageError } from '../../src/cli/dev.js';
import { BATCH, startUpstream } from './helpers.js';

describe('parseDevArgs --upstream', () => {
  it('takes an http(s) URL, trailing slash trimmed; none means the dev server itself', () => {
    expect(parseDevArgs(['--upstream', 'https://api.richpanel.com/'], {})).toMatchObject({
      upstream: 'https://api.richpanel.com',
    });
    expect((parseDevArgs([], {}) as { upstream?: string }).upstream).toBeUndefined();
  });

  it('names the flag for a URL it cannot use', () => {
    for (const bad of ['api.richpanel.com', 'ftp://x', 'https://u:p@x.example'])
      expect(() => parseDevArgs(['--upstream', bad], {})).toThrow(UsageError);
    expect(() => parseDevArgs(['--upstream', 'nope'], {})).toThrow(/--upstream must be an http\(s\) URL/);
  });
});

const CLI = resolve('dist/cli.mjs');
const children: ChildProcess[] = [];

afterEach(async () => {
  for (const child of children.splice(0)) {
    const exited = new Promise((done) => child.once('exit', done));
    child.kill('SIGINT');
    await exited;
  }
});

/** Runs the built `cartbeacon dev` on a free port; resolves with its URL and what it printed. */
async function dev(...flags: string[]): Promise<{ url: string; out: string }> {
  const child = spawn(process.execPath, [CLI, 'dev', '--port', '0', '--memory', '--key', 'dev-key', ...flags]);
  children.push(child);
  let out = '';
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  return new Promise((done, fail) => {
    const timer = setTimeout(() => fail(new Error(out)), 10_000);
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /Shop\s+(http:\/\/\S+)\//.exec(out);
      if (m && out.includes('Ctrl-C to stop')) {
        clearTimeout(timer);
        done({ url: m[1]!, out });
      }
    });
  });
}

describe('cartbeacon dev (built CLI) with the proxy', () => {
  beforeAll(() => {
    if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run "npm run build" first`);
  });

  it('--upstream: forwards /cb/v2/bt to the upstream and serves the core at /cb/v2/j/KEY', async () => {
    const up = await startUpstream();
    const { url, out } = await dev('--upstream', up.url);
    expect(out).toContain(`Proxy    ${url}/cb/v2/bt → ${up.url}/v2/bt`);
    const res = await fetch(`${url}/cb/v2/bt`, { method: 'POST', body: BATCH, headers: { cookie: 'a=b' } });
    expect(res.status).toBe(200);
    expect(up.received).toHaveLength(1);
    expect(up.received[0]!.headers['x-forwarded-for']).toBe('127.0.0.1');
    expect(up.received[0]!.headers.cookie).toBeUndefined();
    const core = await fetch(`${url}/cb/v2/j/dev-key`);
    expect(core.status).toBe(200);
    expect(core.headers.get('etag')).toBeTruthy();
    // The dev server's own routes are untouched.
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
  });

  it('without --upstream: the proxy forwards to the dev server itself, and serves the demo page', async () => {
    const { url, out } = await dev();
    expect(out).toContain(`Proxy    ${url}/cb/v2/bt → ${url}/v2/bt`);
    const body = JSON.stringify({
      hs: Buffer.from(
        JSON.stringify({
          event: 'send_batch',
          appClientId: 'dev-key',
          events: [{ event: 'page_view', eventId: '00000000-0000-4000-8000-000000000001', appClientId: 'dev-key' }],
        }),
      ).toString('base64'),
    });
    expect((await fetch(`${url}/cb/v2/bt`, { method: 'POST', body })).status).toBe(200);
    const stored = (await (await fetch(`${url}/api/events`)).json()) as { total: number };
    expect(stored.total).toBe(1);
    const page = await (await fetch(`${url}/proxy.html`)).text();
    expect(page).toContain("host: location.origin + '/cb'");
  });
});
