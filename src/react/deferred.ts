// A tracker that exists from the first render and starts later. React runs children's effects before
// their parent's, so a product page's `useEffect(() => track(...))` fires before the provider's effect
// could create the tracker: calls made before the start are queued with their time and replayed in order
// (as the loader's queue is). On the server it never starts: every call is a no-op and flush() resolves.
import { createTracker } from '../index.js';
import type { Tracker, TrackerConfig } from '../index.js';

type Method = keyof Tracker;
const METHODS = ['track', 'identify', 'debug', 'atr', 'logout', 'flush', 'consent'] as const;
/** Fails to compile when the Tracker gains a method this list lacks. */
const COMPLETE: Exclude<Method, (typeof METHODS)[number]> extends never ? true : never = true;
void COMPLETE;

/** A queued call: method, arguments, when it was made, and flush()'s resolver. */
type Call = [Method, unknown[], number, ((done: unknown) => void)?];

export interface DeferredTracker {
  /** Stable for the provider's life; forwards to the live tracker once started. */
  tracker: Tracker;
  /** Creates the live tracker (once; later calls do nothing) and replays the queued calls. */
  start(config: TrackerConfig): void;
}

export function deferredTracker(): DeferredTracker {
  let live: ReturnType<typeof createTracker> | undefined;
  let queue: Call[] = [];
  const tracker = {} as Record<Method, (...args: unknown[]) => unknown>;
  for (const name of METHODS) {
    tracker[name] = (...args) => {
      if (live) return (live[name] as (...a: unknown[]) => unknown)(...args);
      if (typeof window === 'undefined') return name === 'flush' ? Promise.resolve(true) : undefined;
      if (name !== 'flush') return void queue.push([name, args, Date.now()]);
      return new Promise((resolve) => queue.push([name, args, Date.now(), resolve]));
    };
  }
  return {
    tracker: tracker as unknown as Tracker,
    start(config) {
      if (live) return;
      live = createTracker(config);
      const calls = queue;
      queue = [];
      for (const [name, args, at, resolve] of calls) {
        const result = live._call(name, args, at);
        resolve?.(result);
      }
    },
  };
}
