import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { signBatch } from '../../src/server/batch.js';
import { SyncError } from '../../src/server/errors.js';
import { sendEvents } from '../../src/server/send.js';
import { decodeHs, signHs } from '../../src/server/wire.js';
import { startCollector, type TestCollector } from './collector.js';

const KEY = 'test-key';
const SECRET = 'test-secret';
const events = (n: number) =>
  Array.from({ length: n }, (_, i) => ({ event: 'order', properties: { orderId: String(i), amount: 1 } }));

describe('signBatch', () => {
  it('signs base64 UTF-8 JSON with sha256(hs + secret) and names the platform and version', () => {
    const batch = signBatch([{ event: 'identify', userProperties: { uid: '42', name: 'Zoë 山田' } }], {
      apiKey: KEY,
      secret: SECRET,
    });
    expect(batch.event_type).toBe('send_batch');
    expect(batch.s).toBe(signHs(batch.hs, SECRET));
    expect(decodeHs(batch.hs)).toEqual({
      event: 'send_batch',
      appClientId: KEY,
      platform: 'node',
      version: expect.any(String),
      events: [{ event: 'identify', userProperties: { uid: '42', name: 'Zoë 山田' } }],
    });
  });

  it('refuses more than 25 events, no events, and a missing secret', () => {
    expect(() => signBatch(events(26), { apiKey: KEY, secret: SECRET })).toThrow(SyncError);
    expect(() => signBatch([], { apiKey: KEY, secret: SECRET })).toThrow(/1 to 25 events/);
    expect(() => signBatch(events(1), { apiKey: KEY, secret: '' })).toThrow(/secret is missing: pass `secret`/);
    expect(() => signBatch([{ event: '' }], { apiKey: KEY, secret: SECRET })).toThrow(/needs an "event" name/);
  });
});

describe('sendEvents', () => {
  let collector: TestCollector;
  beforeEach(async () => {
    collector = await startCollector(SECRET);
  });
  afterEach(() => collector.close());

  it('posts signed batches of 25 to <host>/v2/bt and fills eventId and time', async () => {
    const result = await sendEvents(events(60), { apiKey: KEY, secret: SECRET, host: collector.host });
    expect(result).toEqual({ sent: 60, retried: 0 });
    expect(collector.payloads.map((p) => p.events.length)).toEqual([25, 25, 10]);
    const first = collector.payloads[0]!.events[0]!;
    expect(first.eventId).toMatch(/^[0-9a-f-]{36}$/);
    expect(first.appClientId).toBe(KEY);
    expect(typeof first.time.sentAt).toBe('number');
  });

  it('retries a 500 and a 429 with Retry-After, resending the same eventIds', async () => {
    collector.fault = (n) =>
      n === 1 ? { status: 500 } : n === 2 ? { status: 429, headers: { 'retry-after': '1' } } : undefined;
    const started = Date.now();
    const result = await sendEvents(events(3), { apiKey: KEY, secret: SECRET, host: collector.host });
    expect(result).toEqual({ sent: 3, retried: 2 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_000);
    expect(collector.events.size).toBe(3);
  });

  it('retries a request that times out, with the same eventIds so the collector can drop the copy', async () => {
    collector.fault = (n) => (n === 1 ? { delayMs: 400 } : undefined);
    const result = await sendEvents(events(2), { apiKey: KEY, secret: SECRET, host: collector.host, timeoutMs: 150 });
    expect(result).toEqual({ sent: 2, retried: 1 });
    await new Promise((r) => setTimeout(r, 400));
    expect(collector.events.size).toBe(2);
    expect(collector.duplicates).toBe(2);
  });

  it('halves a batch the collector finds too large (413)', async () => {
    collector.fault = (_n, p) => (p.events.length > 10 ? { status: 413 } : undefined);
    const result = await sendEvents(events(25), { apiKey: KEY, secret: SECRET, host: collector.host });
    expect(result.sent).toBe(25);
    expect(collector.payloads.map((p) => p.events.length)).toEqual([7, 6, 6, 6]);
  });

  it('throws a SyncError naming the status and what was sent when a batch is rejected', async () => {
    collector.fault = (n) => (n === 2 ? { status: 400, body: '{"error":"events[0].event is missing"}' } : undefined);
    const error = await sendEvents(events(30), { apiKey: KEY, secret: SECRET, host: collector.host }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(SyncError);
    expect((error as Error).message).toMatch(
      /Request failed with status 400: POST http:\/\/127\.0\.0\.1:\d+\/v2\/bt .*events\[0\]\.event is missing.*25 of 30 events were sent/,
    );
  });

  it('stops on a wrong secret with a message that says what to check', async () => {
    const error = await sendEvents(events(1), { apiKey: KEY, secret: 'wrong', host: collector.host }).catch(
      (e: unknown) => e,
    );
    expect((error as SyncError).status).toBe(401);
    expect((error as Error).message).toMatch(/check the API key, the secret/);
    expect((error as Error).message).not.toContain('wrong');
  });

  it('retries network errors and gives up after maxAttempts', async () => {
    const host = collector.host;
    await collector.close();
    const error = await sendEvents(events(1), { apiKey: KEY, secret: SECRET, host, maxAttempts: 2 }).catch(
      (e: unknown) => e,
    );
    expect((error as Error).message).toMatch(/Network error: POST .*gave up after 2 attempts/);
    collector = await startCollector(SECRET);
  });
});
