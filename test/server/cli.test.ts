import { describe, expect, it } from 'vitest';
import { decryptUserData, verifyUserToken } from '../../src/server/tokens.js';
import { cli as runCli, type Run } from '../sync/run-cli.js';

const KEY = 'cli-key';
const SECRET = 'cli-secret';

/** The built CLI with the demo key and secret in its environment (the `token` commands need them). */
const cli = (args: string[], env: Record<string, string> = {}): Promise<Run> =>
  runCli(args, { RICHPANEL_API_KEY: KEY, RICHPANEL_API_SECRET: SECRET, ...env });

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
