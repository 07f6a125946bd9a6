// Spaces request starts evenly to honour a requests-per-minute limit (retries count as requests):
// with starts `windowMs / perMinute` apart, any window of `windowMs` holds at most perMinute + 1.
// A limit is per account, not per run: `sharedRateLimiter` keeps one schedule per key for the whole
// process, so a history sync's polls and a relay's merges to the same Rfmcube account share it.
import { sleep } from './sleep.js';

/** When the next request of each shared schedule may start (epoch ms), by key. */
const schedules = new Map<string, { next: number }>();

function paced(schedule: { next: number }, interval: number, signal: AbortSignal | undefined): () => Promise<void> {
  return async () => {
    const now = Date.now();
    const at = Math.max(now, schedule.next);
    schedule.next = at + interval;
    if (at > now) await sleep(at - now, signal);
  };
}

export function rateLimiter(perMinute: number, signal?: AbortSignal, windowMs = 60_000): () => Promise<void> {
  return paced({ next: 0 }, windowMs / perMinute, signal);
}

/**
 * A rate limiter on the process-wide schedule of `key` (an account: destination, address and a key
 * fingerprint). Every limiter of one key spaces its starts from the same clock; each caller's own
 * rate sets how far it pushes the next start.
 */
export function sharedRateLimiter(
  key: string,
  perMinute: number,
  signal?: AbortSignal,
  windowMs = 60_000,
): () => Promise<void> {
  let schedule = schedules.get(key);
  if (!schedule) {
    schedule = { next: 0 };
    schedules.set(key, schedule);
  }
  return paced(schedule, windowMs / perMinute, signal);
}
