// Spaces request starts evenly to honour a requests-per-minute limit (retries count as requests).
import { sleep } from './sleep.js';

export function rateLimiter(perMinute: number, signal?: AbortSignal): () => Promise<void> {
  const interval = 60_000 / perMinute;
  let next = 0;
  return async () => {
    const now = Date.now();
    const at = Math.max(now, next);
    next = at + interval;
    if (at > now) await sleep(at - now, signal);
  };
}
