// The proxy's one error: a misconfigured `createProxy` call, named by the option to fix.
import { CartbeaconError } from '../server/errors.js';

/** `createProxy` was given an option it cannot use; the message names the option (`proxy.upstream`). */
export class ProxyError extends CartbeaconError {}
