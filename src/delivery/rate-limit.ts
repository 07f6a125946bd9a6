// Spaces request starts evenly to honour a requests-per-minute limit (retries count as requests):
// with starts `windowMs / perMinute` apart, any window of `windowMs` holds at most perMinute + 1.
import { sleep } from './sleep.js';

export function rateLimiter(perMinute: number, signal?: AbortSignal, windowMs = 60_000): () => Promise<void> {
  const interval = windowMs / perMinute;
  let next = 0;
  return async () => {
    const now = Date.now();
    const at = Math.max(now, next);
    next = at + interval;
    if (at > now) await sleep(at - now, signal);
  };
}
