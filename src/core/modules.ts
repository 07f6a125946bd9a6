// What the tracker asks of optional modules (src/modules). Two implementations: the npm entry's,
// with the registry beside the core and the modules given in `use` (npm-modules.ts), and the
// script-tag core's, which loads the module list file and leaves the registry to it
// (script-modules.ts), so the core carries only a loader.
import type { ModuleHost } from '../modules/module.js';

export interface Modules {
  /** Turns the capability `name` on when `option` is (npm: also when its module is in `use`); true when on. */
  _on(name: string, option: unknown): boolean;
  /** Calls a module hook, or keeps the call until the module that has it is set up. */
  _hook(name: 'route' | 'order', ...args: unknown[]): void;
}

/** Makes the tracker's Modules for its host. */
export type ModulesOf = (host: ModuleHost) => Modules;
