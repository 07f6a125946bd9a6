// A dev server (Richpanel-compatible collector + Rfmcube and eSputnik emulators) and relays pointed
// at it, for the relay tests. The Rfmcube "minute" is shortened on both sides.
import { afterEach } from 'vitest';
import { startCollector, type CollectorOptions, type RunningCollector } from '../../src/collector/index.js';
import { createRelay } from '../../src/relay/index.js';
import type { Relay, RelayOptions } from '../../src/relay/types.js';

export const KEY = 'relay-key';
export const SECRET = 'relay-secret';
export const RFMCUBE_KEY = 'rfm-key';
export const ESPUTNIK_KEY = 'esp-key';
/** The tests' "minute": Rfmcube's 60 requests per window and the relay's 55, scaled down together. */
export const WINDOW_MS = 1_000;

const open: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  // Relays first (they may still be sending), then the servers.
  const all = open.splice(0).reverse();
  for (const item of all) await item.close();
});

/** Closes `item` after the test, after everything registered later (relays before the Redis they use). */
export function closeAfterTest<T extends { close(): Promise<void> }>(item: T): T {
  open.push(item);
  return item;
}

export async function devServer(options: CollectorOptions = {}): Promise<RunningCollector> {
  const dev = await startCollector({
    apiKey: KEY,
    secret: SECRET,
    ...options,
    rfmcube: { apiKey: RFMCUBE_KEY, windowMs: WINDOW_MS, ...options.rfmcube },
    esputnik: { apiKey: ESPUTNIK_KEY, ...options.esputnik },
  });
  open.push(dev);
  return dev;
}

/** The three destinations at `dev` (any of them replaced or left out with `undefined` in `options`). */
export function destinationsAt(url: string): Pick<RelayOptions, 'richpanel' | 'rfmcube' | 'esputnik'> {
  return {
    richpanel: { apiKey: KEY, secret: SECRET, host: url },
    rfmcube: { apiKey: RFMCUBE_KEY, baseUrl: `${url}/rfmcube/v1` },
    esputnik: { apiKey: ESPUTNIK_KEY, baseUrl: `${url}/esputnik` },
  };
}

export function relayTo(dev: { url: string }, options: RelayOptions = {}): Relay {
  const relay = createRelay({
    ...destinationsAt(dev.url),
    backoffBaseMs: 5,
    maxAttempts: 3,
    rateWindowMs: WINDOW_MS,
    ...options,
  });
  open.push(relay);
  return relay;
}

/** What the emulators and the collector received, by name (`order`, `rfmcube.merge_customer`, `esputnik.orderCreated`…). */
export function received(dev: RunningCollector): string[] {
  return dev.events.map((e) => e.name);
}

/** The request bodies an emulator recorded for `name` (`rfmcube.merge_order`…). */
export function bodies(dev: RunningCollector, name: string): unknown[] {
  return dev.events.filter((e) => e.name === name).map((e) => e.event.body);
}

/** A fetch that refuses connections to URLs `down(url)` picks while `state.down` is true. */
export function switchableFetch(down: (url: string) => boolean) {
  const state = { down: true };
  const fetchFn: typeof fetch = async (input, init) => {
    if (state.down && down(String(input)))
      throw Object.assign(new TypeError('fetch failed'), { cause: new Error('connect ECONNREFUSED') });
    return fetch(input, init);
  };
  return { fetch: fetchFn, state };
}
