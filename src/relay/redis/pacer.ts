// Each account's requests-per-minute on Redis: before every request (retries included), a relay
// reserves the account's next start on the shared schedule (scripts.ts, PACE) and waits for it, so
// every instance together keeps to the rate (src/delivery/rate-limit.ts, across processes). BullMQ's
// own rate limiter counts jobs, and an Rfmcube order is one job but may be two requests.
import { sleep } from '../../delivery/sleep.js';
import type { RelayClient } from './scripts.js';

export function redisPacer(
  client: RelayClient,
  key: string,
  perMinute: number,
  windowMs: number,
  signal: AbortSignal,
): () => Promise<void> {
  const interval = String(windowMs / perMinute);
  return async () => {
    if (signal.aborted) throw signal.reason;
    const wait = await client.cartbeaconPace(key, interval);
    if (wait > 0) await sleep(wait, signal);
  };
}
