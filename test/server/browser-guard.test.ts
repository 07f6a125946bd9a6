import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { signBatch } from '../../src/server/batch.js';
import { CartbeaconError } from '../../src/server/errors.js';
import { syncHistory } from '../../src/sync/sync.js';
import { decryptUserData, encryptUserData, verifyUserToken } from '../../src/server/tokens.js';
import { ROOT, builtFile } from './built.js';

const NODE_ONLY = /cartbeacon\/server is Node-only/;
const g = globalThis as { window?: unknown; document?: unknown };

describe('browser guard', () => {
  afterEach(() => {
    delete g.window;
    delete g.document;
  });

  it('resolves cartbeacon/server to a module that throws under the browser condition', async () => {
    const pkg = JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8')) as {
      exports: Record<string, Record<string, string>>;
    };
    expect(pkg.exports['./server']!.browser).toBe('./dist/server-browser.mjs');
    await expect(import(builtFile('server-browser.mjs'))).rejects.toThrow(NODE_ONLY);
  });

  it.each([['window'], ['document']] as const)('refuses to run server code when a %s global exists', async (name) => {
    g[name] = {};
    const calls: Array<() => unknown> = [
      () => encryptUserData({ id: '1' }, 's'),
      () => decryptUserData('00:00', 's'),
      () => verifyUserToken('00:00', 's'),
      () => signBatch([{ event: 'order' }], { apiKey: 'k', secret: 's' }),
    ];
    for (const call of calls) {
      expect(call).toThrow(CartbeaconError);
      expect(call).toThrow(NODE_ONLY);
    }
    await expect(syncHistory([], { apiKey: 'k', secret: 's' })).rejects.toThrow(NODE_ONLY);
  });

  it('keeps server code and the secret-handling crypto out of the browser builds', () => {
    for (const file of ['index.mjs', 'richpanel.min.js', 'snippet.min.js']) {
      const code = readFileSync(builtFile(file), 'utf8');
      expect(code).not.toMatch(/node:crypto|createCipheriv|encryptUserData|Node-only/);
    }
  });

  it('loads the Node build and its CommonJS twin with the public API', async () => {
    const esm = (await import(builtFile('server.mjs'))) as Record<string, unknown>;
    for (const name of [
      'encryptUserData',
      'decryptUserData',
      'verifyUserToken',
      'signBatch',
      'sendEvents',
      'syncHistory',
      'TokenError',
      'SyncError',
    ]) {
      expect(typeof esm[name]).toBe('function');
    }
    expect('encryptWithIv' in esm).toBe(false);
    const { createRequire } = await import('node:module');
    const cjs = createRequire(import.meta.url)(builtFile('server.cjs')) as Record<string, unknown>;
    expect(typeof cjs.encryptUserData).toBe('function');
  });
});
