// Replays calls queued by the loader (`richpanel.q`) or by integrations that queue into
// `richpanel.queue` (Magento), exactly once and in call order.
import type { LiveTracker } from './tracker.js';
import { NativePromise } from '../transport/index.js';

type Call = unknown[] & { t?: unknown; r?: unknown };

/** Runs every queued call on the tracker; entries that are not `[method, ...args]` are skipped. */
export function replay(queues: unknown[], tracker: LiveTracker): void {
  for (const queue of queues)
    if (Array.isArray(queue))
      for (const call of queue.splice(0) as Call[])
        if (Array.isArray(call)) {
          const out = tracker._call(call[0], call.slice(1), call.t);
          // a flush() queued by the loader returned a Promise: settle it with the real result
          // (then() ignores an `r` that is not a function)
          if (call.r) NativePromise.resolve(out).then(call.r as (v: unknown) => void);
        }
}
