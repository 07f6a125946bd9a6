// The core script (dist/richpanel.min.js). It takes over the loader's `window.richpanel`: reads the
// key and options `load()` left (`richpanel.k`, `richpanel.o`), replays the queue once, then puts the
// live methods on the same object, so references the page kept still work; it exposes
// `richpanel.did`, `richpanel.sid` and `window.appClientId` as Richpanel's script does. Running it
// twice changes nothing.
import { createTracker, DEFAULT_HOST, METHODS, type TrackerConfig } from './tracker.js';
import { replay } from './replay.js';

interface Stub {
  [name: string]: unknown;
  q?: unknown;
  queue?: unknown;
  k?: unknown;
  o?: Partial<TrackerConfig>;
  live?: boolean;
}

(() => {
  const w = window as unknown as { richpanel?: Stub; appClientId?: string };
  if (!w.richpanel || typeof w.richpanel !== 'object') w.richpanel = [] as unknown as Stub;
  const r: Stub = w.richpanel;
  if (r.live) return;
  r.live = true;
  // Loaded as <host>/v2/j/<KEY> without the loader's options: the key and host come from that URL
  const s = document.currentScript as HTMLScriptElement | null;
  const m = s && /^(.*)\/v2\/j\/([^/?#]+)/.exec(s.src);
  const o = r.o && typeof r.o === 'object' ? r.o : {};
  let key = String(r.k || '');
  if (!key && m) {
    try {
      key = decodeURIComponent(m[2]!);
    } catch {
      key = m[2]!;
    }
  }
  const tracker = createTracker({ ...o, apiKey: key, host: o.host || (m ? m[1]! : DEFAULT_HOST) });
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
