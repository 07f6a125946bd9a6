// The module registry: which modules are here, which are wanted, their hooks. A module is set up
// once, when its capability is on (`want`) and its code is here (`add`: an npm user's `use`, or a
// file the module list loaded). Hook calls made before a module that has the hook is set up are
// kept, in order, and made right after its setup: no route change or order is lost while a module
// is on its way. The npm entry runs it beside the core; the script-tag core leaves it to the module
// list file (src/modules/list/file.ts), so the core carries none of it.
import type { CartbeaconModule, ModuleHooks, ModuleHost } from './module.js';

/** Hook calls kept for a module that is not here yet: a module that never comes cannot pile them up. */
const MAX_HELD = 100;
/** The core's codes: a method threw (W7); an option needs a module that is not here (W30). */
const W_THREW = 7;
const W_NO_MODULE = 30;

export type Hook = 'route' | 'order';

export interface Registry {
  /** The capability `name` is on: sets its module up when it is here, else loads it (or W30). */
  want(name: string): void;
  /** A module's code is here; anything that is not a module is ignored. */
  add(m: unknown): void;
  /** Calls a hook of the modules set up, or keeps the call for the module that will have it. */
  hook(name: Hook, args: unknown[]): void;
}

/** `load(name)`: fetches a module's file (the module list); without it a module not `add`ed is W30. */
export function createRegistry(host: ModuleHost, load?: (name: string) => void): Registry {
  /** By name: the module while it is not wanted, 1 while it is wanted and not here, 2 once set up. */
  const mods: Record<string, CartbeaconModule | number> = {};
  const hooks: ModuleHooks = {};
  const held: [Hook, unknown[]][] = [];
  const hook = (name: Hook, args: unknown[]) => {
    try {
      if (hooks[name]) (hooks[name] as (...a: unknown[]) => void)(...args);
      else if (held.length < MAX_HELD) held.push([name, args]);
    } catch (e) {
      host.warn(W_THREW, [name, e]);
    }
  };
  const setUp = (m: CartbeaconModule) => {
    mods[m.name] = 2;
    try {
      Object.assign(hooks, m.setup(host));
    } catch (e) {
      host.warn(W_THREW, [m.name, e]);
    }
    for (const [name, args] of held.splice(0)) hook(name, args);
  };
  return {
    want(name) {
      const m = mods[name];
      if (m === undefined) {
        mods[name] = 1;
        if (load) load(name);
        else host.warn(W_NO_MODULE, name);
      } else if (typeof m === 'object') setUp(m);
    },
    add(m) {
      const mod = m as CartbeaconModule | null;
      if (typeof mod?.setup !== 'function') return;
      if (mods[mod.name] === 1) setUp(mod);
      else mods[mod.name] ??= mod;
    },
    hook,
  };
}
