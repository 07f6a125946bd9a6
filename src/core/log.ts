// The debug log: silent unless debug(true). Each kind of problem is printed once, the first time,
// and counted; debug(true) prints every kind seen so far with its count (so drops are visible).

import type { Warn } from '../transport/index.js';

export type { Warn };

export interface Log {
  _warn: Warn;
  /** Turns console diagnostics on or off; turning on prints the problems seen so far. */
  _debug(on?: unknown): void;
  /** How often each kind of problem happened (tests and debugging). */
  _seen: Record<string, number>;
}

export function createLog(): Log {
  let on = false;
  const seen: Record<string, number> = {};
  const print = (...args: unknown[]) => {
    try {
      console.warn('[cartbeacon]', ...args);
    } catch {
      // a page may have replaced console: never throw because of a diagnostic
    }
  };
  return {
    _seen: seen,
    _warn(kind, detail) {
      seen[kind] = (seen[kind] || 0) + 1;
      if (on && seen[kind] < 2) print(kind, detail ?? '');
    },
    _debug(value) {
      // debug() and debug(true) turn it on; debug(false) off
      const was = on;
      on = !!(value ?? 1);
      if (on && !was) for (const kind in seen) print(kind, '×' + seen[kind]);
    },
  };
}
