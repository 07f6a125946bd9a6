import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { decryptUserData, verifyUserToken } from '../../src/server/tokens.js';
import { builtFile } from './built.js';

const KEY = 'cli-key';
const SECRET = 'cli-secret';

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

function cli(args: string[], env: Record<string, string> = {}): Promise<Run> {
  const child = spawn(process.execPath, [builtFile('cli.mjs'), ...args], {
    env: { PATH: process.env.PATH ?? '', RICHPANEL_API_KEY: KEY, RICHPANEL_API_SECRET: SECRET, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
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
