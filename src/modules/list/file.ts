// The module list file dist/richpanel.modules.min.js (`<host>/v2/m/modules.min.js`), loaded by the
// script-tag core (src/core/script-modules.ts) with its hash once a module is wanted: the SRI hash
// of each module file of this build (written by rollup.config.mjs), the loader of the modules the
// core asks for — each from this file's directory, with its hash, `crossOrigin` and the page's
// nonce — and the registry that sets them up and routes the core's hook calls.
import HASHES from 'cartbeacon:module-hashes';
import { createRegistry } from '../registry.js';
import type { Loading } from './loading.js';

/** The core's W31: a module file could not be loaded (detail: its name). */
const W_MODULE_FAILED = 31;

const r = (window as { richpanel?: { m?: Loading; o?: { nonce?: unknown } } }).richpanel;
const l = r?.m;
if (l && !l.l) {
  const self = (document.currentScript as HTMLScriptElement).src;
  const dir = self.slice(0, self.lastIndexOf('modules.min.js'));
  const failed = (name: string) => () => l.h.warn(W_MODULE_FAILED, name);
  const registry = createRegistry(l.h, (name) => {
    try {
      const d = document;
      const s = d.createElement('script');
      s.src = dir + name + '.min.js';
      s.integrity = HASHES[name] as string;
      s.crossOrigin = '';
      if (r.o?.nonce) s.nonce = String(r.o.nonce);
      s.onerror = failed(name);
      d.head.append(s);
    } catch {
      failed(name)();
    }
  });
  l.push = registry.add;
  l.c = registry.hook;
  l.l = registry.want;
  for (const name of l.w) registry.want(name);
  for (const [name, args] of l.q.splice(0)) registry.hook(name, args);
}
