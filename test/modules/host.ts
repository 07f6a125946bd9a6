// A stand-in for the core's ModuleHost in the module tests: records every track() call and warning.
import { type Mock, vi } from 'vitest';
import type { ModuleHost } from '../../src/modules/module.js';

export interface FakeHost extends ModuleHost {
  track: Mock<ModuleHost['track']>;
  warn: Mock<ModuleHost['warn']>;
  /** The events tracked so far: [event, properties, eventId]. */
  calls(): [string, Record<string, unknown>, string | undefined][];
}

export function fakeHost(options: Record<string, unknown> = {}, apiKey = 'shop-key'): FakeHost {
  const track = vi.fn<ModuleHost['track']>();
  return {
    track,
    warn: vi.fn<ModuleHost['warn']>(),
    apiKey,
    options,
    calls: () => track.mock.calls.map(([e, p, , , id]) => [e, p as Record<string, unknown>, id]),
  };
}

/** Lets the module's microtasks run (it maps pushes after the page's code). */
export const settled = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** What gtag('event', name, params) pushes: an arguments object. */
export function gtagArgs(..._: unknown[]): IArguments {
  // biome-ignore lint/complexity/noArguments: gtag pushes exactly this object
  return arguments;
}

/**
 * GTM's way of listening (google/data-layer-helper's process()): read the history, then replace
 * push with a function that calls the previous one on the array and returns its result, then
 * processes the pushed states synchronously. Returns what it saw, in order.
 */
export function fakeGtm(w: Record<string, unknown>, name = 'dataLayer', result?: unknown) {
  if (w[name] == null) w[name] = [];
  const dl = w[name] as unknown[];
  const seen: unknown[] = [...dl];
  const oldPush = dl.push;
  (dl as { push: unknown }).push = (...states: unknown[]) => {
    const r = oldPush.apply(dl, states);
    seen.push(...states);
    return result === undefined ? r : result;
  };
  return seen;
}
