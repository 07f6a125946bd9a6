// Reads a page's data layer (the thin shell): what was pushed before, and every later push, each
// entry once, off the page's push call. GTM listens this way itself (google/data-layer-helper,
// gtm.js alike): it keeps the array's current `push` and replaces it with a function that calls the
// kept one with the same `this` and arguments, returns its result, then reads the pushed entries.
// Doing the same means GTM loading before (we wrap its push) or after us (it wraps ours) sees
// exactly what it would without us, and:
// - the kept push runs first; its result, or its exception, is the caller's, untouched;
// - our part only queues a microtask: the entries are mapped after the page's code has run, each
//   guarded (W7), so nothing of ours can throw into the page;
// - no data layer yet: an empty array is made, as Google's snippets do
//   (`window.dataLayer = window.dataLayer || []`), so GTM or gtag coming later use it;
// - a page that assigns a new array (`dataLayer = [...]`, e.g. an inline script running after the
//   module) is followed at DOMContentLoaded and at load: that array's entries are read and its
//   push wrapped. The array before stays wrapped (GTM, if it came first, still listens there).
import { W_NO_LAYER, W_THREW, type Warn } from './warnings.js';

export function watchDataLayer(w: Window, name: string, onEntry: (entry: unknown) => void, warn: Warn): void {
  const g = w as unknown as Record<string, unknown>;
  let current: unknown;
  const read = (entries: unknown[]) =>
    queueMicrotask(() => {
      for (const entry of entries)
        try {
          onEntry(entry);
        } catch (e) {
          warn(W_THREW, ['ecommerce', e]);
        }
    });
  const check = () => {
    try {
      if (g[name] == null) g[name] = [];
      const dl = g[name] as unknown[];
      if (dl === current) return;
      current = dl;
      const prev = dl.push;
      if (!Array.isArray(dl) || typeof prev !== 'function') return warn(W_NO_LAYER, name);
      read(dl.slice());
      dl.push = function (this: unknown, ...entries: unknown[]) {
        const result = prev.apply(this, entries);
        try {
          read(entries);
        } catch {
          // never into the page's push
        }
        return result;
      };
    } catch (e) {
      warn(W_THREW, ['ecommerce', e]);
    }
  };
  check();
  w.addEventListener('DOMContentLoaded', check);
  w.addEventListener('load', check);
}
