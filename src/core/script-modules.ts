// The script-tag core's modules. The core knows one file: the module list
// (`richpanel.modules.min.js` in the directory the core came from, or `<host>/v2/m/modules.min.js`
// when the core came from a host as `<host>/v2/j/<KEY>`: the dev server, cartbeacon/proxy), loaded
// with the SRI hash this build wrote into the core, `crossOrigin` and the page's nonce. The list
// carries each module's own hash, loads the modules asked for the same way, and runs the registry
// (src/modules/list/file.ts). So a page runs only files of the core's own build, and a new module
// makes the core no larger. What the core wants and the hook calls it makes before the list is
// here wait in `richpanel.m` (`w`, `q`), bounded. Never throws: a page whose DOM methods throw or
// whose Trusted Types refuse a string URL gets no module (W31), never an exception.
import LIST_HASH from 'cartbeacon:module-list-hash';
import type { Loading } from '../modules/list/loading.js';
import { W_MODULE_FAILED } from '../transport/warnings.js';
import type { ModulesOf } from './modules.js';

/** Hook calls kept until the list file is here. */
const MAX_HELD = 100;

export const scriptModules =
  (r: { m?: Loading }, coreSrc: string, fromHost: boolean, nonce: unknown): ModulesOf =>
  (host) => {
    const l: Loading = { h: host, w: [], q: [] };
    r.m = l;
    return {
      _on(name, option) {
        if (option && !l.w.includes(name)) {
          l.w.push(name);
          if (l.l) l.l(name);
          // the first module asked for brings the list, which then loads every name in `w`
          else if (!l.w[1])
            try {
              const d = document;
              const s = d.createElement('script');
              s.src = new URL(fromHost ? '../m/modules.min.js' : 'richpanel.modules.min.js', coreSrc).href;
              s.integrity = LIST_HASH;
              s.crossOrigin = '';
              if (nonce) s.nonce = String(nonce);
              s.onerror = () => host.warn(W_MODULE_FAILED, l.w);
              d.head.append(s);
            } catch (e) {
              host.warn(W_MODULE_FAILED, e);
            }
        }
        return !!option;
      },
      _hook(name, ...args) {
        if (l.c) l.c(name, args);
        else if (l.q.length < MAX_HELD) l.q.push([name, args]);
      },
    };
  };
