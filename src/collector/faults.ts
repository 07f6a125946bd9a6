// Fault injection decisions (pure: the random number is passed in).
import { DEFAULT_FAULT_STATUS } from './limits.js';
import type { Fault, FaultRequest, FaultSetting } from './types.js';

export type FaultAction =
  | { kind: 'none'; latencyMs: number }
  | { kind: 'drop'; latencyMs: number }
  | { kind: 'fail'; latencyMs: number; status: number; retryAfter: string | undefined };

/** The fault for the n-th ingest request (1-based), if any. */
export function faultFor(
  setting: FaultSetting | undefined,
  requestNumber: number,
  request: FaultRequest,
): Fault | undefined {
  return typeof setting === 'function' ? setting(requestNumber, request) : setting;
}

/**
 * What to do with a request under `fault`. A fault with `failRate` fails that fraction of requests;
 * without one, `status` or `drop` fails every request; `latencyMs` alone only delays.
 */
export function decideFault(fault: Fault | undefined, random: number): FaultAction {
  const latencyMs = Math.max(0, fault?.latencyMs ?? 0);
  if (!fault) return { kind: 'none', latencyMs };
  const failing =
    fault.failRate !== undefined ? random < fault.failRate : fault.status !== undefined || fault.drop === true;
  if (!failing) return { kind: 'none', latencyMs };
  if (fault.drop) return { kind: 'drop', latencyMs };
  return { kind: 'fail', latencyMs, status: fault.status ?? DEFAULT_FAULT_STATUS, retryAfter: fault.retryAfter };
}

/** Checks a fault's numbers, so a typo fails at start instead of silently doing nothing. */
export function checkFault(fault: Fault): void {
  if (fault.failRate !== undefined && !(fault.failRate >= 0 && fault.failRate <= 1)) {
    throw new RangeError(`fail rate must be between 0 and 1, got ${fault.failRate}`);
  }
  if (fault.status !== undefined && !(Number.isInteger(fault.status) && fault.status >= 100 && fault.status <= 599)) {
    throw new RangeError(`fault status must be an HTTP status (100-599), got ${fault.status}`);
  }
  if (fault.latencyMs !== undefined && !(fault.latencyMs >= 0)) {
    throw new RangeError(`latency must be 0 ms or more, got ${fault.latencyMs}`);
  }
}
