// The core script (dist/richpanel.min.js), served at <host>/v2/j/<KEY>. It takes over the loader's
// `window.richpanel`: replays its queue once, then puts the live methods on the same object, so
// references the page kept still work. Running it twice changes nothing.
import { createTracker, DEFAULT_HOST, METHODS } from './tracker.js';
import { replay } from './replay.js';

interface Stub {
  [name: string]: unknown;
  q?: unknown;
  queue?: unknown;
  k?: unknown;
  live?: boolean;
}

(() => {
  const w = window as unknown as { richpanel?: Stub };
  if (!w.richpanel || typeof w.richpanel !== 'object') w.richpanel = [] as unknown as Stub;
  const r: Stub = w.richpanel;
  if (r.live) return;
  r.live = true;
  // The core sends to the host it was loaded from: <host>/v2/j/<KEY>?version=…
  const s = document.currentScript as HTMLScriptElement | null;
  const m = s && /^(.*)\/v2\/j\/([^/?#]+)/.exec(s.src);
  const tracker = createTracker({
    apiKey: m ? decodeURIComponent(m[2]!) : String(r.k || ''),
    host: m ? m[1]! : DEFAULT_HOST,
  });
  const queued = [r.q, r.queue];
  for (const name of METHODS) r[name] = tracker[name];
  r.load = () => {};
  // Late pushes (integrations that keep pushing into the queue) go straight to the tracker.
  r.q = r.queue = { push: (call: unknown) => replay([[call]], tracker) };
  replay(queued, tracker);
})();
