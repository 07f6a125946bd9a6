// `richpanel.m`: what the script-tag core, the module list file and the module files share (types
// only). The names are the wire between files minified apart: short, and never starting with `_`.
import type { CartbeaconModule, ModuleHost } from '../module.js';
import type { Hook } from '../registry.js';

export interface Loading {
  /** The tracker's host, for the modules' setup. */
  h: ModuleHost;
  /** The names of the modules the core asked for, in order. */
  w: string[];
  /** Hook calls the core made before the list file was here. */
  q: [Hook, unknown[]][];
  /** Set by the list file: loads one more module. */
  l?: (name: string) => void;
  /** Set by the list file: a hook call. */
  c?: (name: Hook, args: unknown[]) => void;
  /** Set by the list file: a module file hands its module over here. */
  push?: (m: CartbeaconModule) => void;
}
