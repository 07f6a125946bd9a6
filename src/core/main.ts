// The core script (dist/richpanel.min.js). It takes over the loader's `window.richpanel`: reads the
// key and options `load()` left (`richpanel.k`, `richpanel.o`), replays the queue once, then puts the
// live methods on the same object, so references the page kept still work; it exposes
// `richpanel.did`, `richpanel.sid` and `window.appClientId` as Richpanel's script does. Running it
// twice changes nothing.
import { makeTracker, METHODS, type TrackerConfig } from './tracker.js';
import { replay } from './replay.js';
import { scriptModules } from './script-modules.js';
import type { Loading } from '../modules/list/loading.js';

interface Stub {
  [name: string]: unknown;
  q?: unknown;
  queue?: unknown;
  k?: unknown;
  o?: Partial<TrackerConfig>;
  live?: boolean;
  m?: Loading;
}

(() => {
  const w = window as unknown as { richpanel?: Stub; appClientId?: string };
  let r = w.richpanel;
  if (!r || typeof r !== 'object') r = w.richpanel = [] as unknown as Stub;
  if (r.live) return;
  r.live = true;
  // Loaded as <host>/v2/j/<KEY> without the loader's options: the key and host come from that URL
  // (no currentScript: exec() reads "undefined", which does not match)
  const src = (document.currentScript as HTMLScriptElement | null)?.src as string;
  const m = /^(.*)\/v2\/j\/([^/?#]+)/.exec(src);
  let key = String(r.k || '');
  if (!key && m) {
    key = m[2]!;
    try {
      key = decodeURIComponent(key);
    } catch {
      // not percent-encoded: the key as it is
    }
  }
  // no host: createTracker's default
  const tracker = makeTracker(
    { ...r.o, apiKey: key, host: r.o?.host || m?.[1] },
    scriptModules(r, src, !!m, r.o?.nonce),
  );
  w.appClientId = key;
  Object.defineProperties(r, {
    did: { get: () => tracker._who()._did, configurable: true },
    sid: { get: () => tracker._who()._sid, configurable: true },
  });
  const queued = [r.q, r.queue];
  for (const name of METHODS) r[name] = tracker[name];
  r.load = () => {};
  // Late pushes (integrations that keep pushing into the queue) go straight to the tracker.
  r.q = r.queue = { push: (call: unknown) => replay([[call]], tracker) };
  replay(queued, tracker);
})();
