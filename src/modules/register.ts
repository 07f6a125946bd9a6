// How a module file hands its module to the core that loaded it: `richpanel.m.push(module)`, which
// the script-tag core set up before it asked for the file. Without that core it does nothing.
import type { CartbeaconModule } from './module.js';

export function register(m: CartbeaconModule): void {
  (window as { richpanel?: { m?: { push(m: CartbeaconModule): void } } }).richpanel?.m?.push(m);
}
