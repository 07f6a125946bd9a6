// Shared helpers for the collector tests: wire bodies and a started collector per test.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { encodeHs, signHs } from '../../src/server/wire.js';
import { startCollector, type CollectorOptions, type RunningCollector } from '../../src/collector/index.js';

export const KEY = 'test-key';
export const SECRET = 'test-secret';

let seq = 0;
export function wireEvent(name: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  seq++;
  return {
    event: name,
    properties: {},
    userProperties: {},
    time: { sentAt: 1764000000000 + seq, originalTimestamp: 1764000000000 + seq },
    eventId: `00000000-0000-4000-8000-${String(seq).padStart(12, '0')}`,
    appClientId: KEY,
    ...extra,
  };
}

export function batchPayload(events: unknown[], extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { event: 'send_batch', appClientId: KEY, events, ...extra };
}

export function batchBody(events: unknown[], extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ hs: encodeHs(batchPayload(events, extra)) });
}

export function signedBody(events: unknown[], secret = SECRET): string {
  const hs = encodeHs(batchPayload(events, { platform: 'node', version: 'test' }));
  return JSON.stringify({ hs, s: signHs(hs, secret), event_type: 'send_batch' });
}

const running: RunningCollector[] = [];
const dirs: string[] = [];

export async function start(options: CollectorOptions = {}): Promise<RunningCollector> {
  const collector = await startCollector({ apiKey: KEY, secret: SECRET, ...options });
  running.push(collector);
  return collector;
}

export async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'cartbeacon-collector-'));
  dirs.push(dir);
  return dir;
}

afterEach(async () => {
  await Promise.all(running.splice(0).map((c) => c.close()));
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

export function post(
  c: RunningCollector,
  path: string,
  body: string,
  contentType = 'application/json',
  headers: Record<string, string> = {},
): Promise<Response> {
  return fetch(`${c.url}${path}`, { method: 'POST', headers: { 'Content-Type': contentType, ...headers }, body });
}
