// The npm entry's modules: those the shop passed in `use`, set up beside the core by the registry.
// A capability is on when its option is, or when its module was given (`use: [pageViews()]` alone
// turns page views on); an option whose module was not given is W30.
import { createRegistry } from '../modules/registry.js';
import type { CartbeaconModule } from '../modules/module.js';
import type { ModulesOf } from './modules.js';

export const npmModules =
  (use: unknown): ModulesOf =>
  (host) => {
    const given = (Array.isArray(use) ? use : []) as CartbeaconModule[];
    const registry = createRegistry(host);
    for (const m of given) registry.add(m);
    return {
      _on(name, option) {
        const on = !!option || given.some((m) => m?.name === name);
        if (on) registry.want(name);
        return on;
      },
      _hook: (name, ...args) => registry.hook(name, args),
    };
  };
