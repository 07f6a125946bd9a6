import { describe, expect, it } from 'vitest';
import {
  BACKOFF_BASE_MS,
  BACKOFF_CAP_MS,
  RETRY_AFTER_CAP_MS,
  backoff,
  retryAfterMs,
} from '../../src/protocol/backoff.js';

describe('backoff', () => {
  it('starts at about a second, doubles, and caps at 60 s, with jitter in [d/2, d]', () => {
    expect(BACKOFF_BASE_MS).toBe(1_000);
    expect(BACKOFF_CAP_MS).toBe(60_000);
    for (let attempt = 0; attempt <= 20; attempt++) {
      const d = Math.min(60_000, 1_000 * 2 ** attempt);
      expect(backoff(attempt, 0), `attempt ${attempt}, random 0`).toBe(d / 2);
      expect(backoff(attempt, 1), `attempt ${attempt}, random 1`).toBe(d);
      const mid = backoff(attempt, 0.5);
      expect(mid).toBeGreaterThanOrEqual(d / 2);
      expect(mid).toBeLessThanOrEqual(d);
    }
  });

  it('gives 500-1000 ms for the first retry and never more than 60 s later', () => {
    expect([backoff(0, 0), backoff(0, 1)]).toEqual([500, 1_000]);
    expect([backoff(1, 0), backoff(1, 1)]).toEqual([1_000, 2_000]);
    expect(backoff(1_000, 1)).toBe(60_000);
    expect(backoff(1_000, 0)).toBe(30_000);
  });

  it('stays within bounds with Math.random as the default jitter', () => {
    for (let i = 0; i < 200; i++) {
      const v = backoff(3);
      expect(v).toBeGreaterThanOrEqual(4_000);
      expect(v).toBeLessThanOrEqual(8_000);
    }
  });
});

describe('retryAfterMs', () => {
  const now = Date.UTC(2026, 0, 1, 12, 0, 0);

  it('reads seconds', () => {
    expect(retryAfterMs('3', now)).toBe(3_000);
    expect(retryAfterMs(' 120 ', now)).toBe(120_000);
    expect(retryAfterMs('0', now)).toBe(0);
  });

  it('reads an HTTP date relative to now', () => {
    expect(retryAfterMs(new Date(now + 30_000).toUTCString(), now)).toBe(30_000);
    expect(retryAfterMs('Thu, 01 Jan 2026 12:00:10 GMT', now)).toBe(10_000);
  });

  it('answers 0 for a date in the past', () => {
    expect(retryAfterMs(new Date(now - 60_000).toUTCString(), now)).toBe(0);
  });

  it('answers null for a missing or unreadable header', () => {
    expect(retryAfterMs(null, now)).toBeNull();
    expect(retryAfterMs(undefined, now)).toBeNull();
    expect(retryAfterMs('', now)).toBeNull();
    expect(retryAfterMs('soon', now)).toBeNull();
    expect(retryAfterMs('not a date', now)).toBeNull();
  });

  it('answers null for values only a lenient Date.parse reads', () => {
    for (const v of ['1.5', '-5', 'foo 12']) expect(retryAfterMs(v, now), v).toBeNull();
  });

  it('caps a long wait at 5 minutes', () => {
    expect(RETRY_AFTER_CAP_MS).toBe(300_000);
    expect(retryAfterMs('86400', now)).toBe(300_000);
    expect(retryAfterMs(new Date(now + 3_600_000).toUTCString(), now)).toBe(300_000);
  });
});
