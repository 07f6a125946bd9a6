// The debug log: silent unless debug(true). Each kind of problem (a code of
// src/transport/warnings.ts, explained in the README's "Debug codes") is printed once, the first
// time, as `[cartbeacon] W<code>`, and counted; debug(true) prints every kind seen so far with its
// count (so drops are visible).
import type { Warn } from '../transport/index.js';

export type { Warn };

export interface Log {
  /** Set while debug is on (checks that only debug mode reports, like the order check, read it). */
  _on?: unknown;
  _warn: Warn;
  /** Turns console diagnostics on or off; turning on prints the problems seen so far. */
  _debug(on?: unknown): void;
}

export function createLog(): Log {
  /** How often each kind of problem happened. */
  const seen: Record<number, number> = {};
  const print = (code: number | string, detail: unknown) => {
    try {
      console.warn('[cartbeacon] W' + code, detail);
    } catch {
      // a page may have replaced console: never throw because of a diagnostic
    }
  };
  const log: Log = {
    _warn(code, detail) {
      if (log._on && !seen[code]) print(code, detail ?? '');
      seen[code] = (seen[code] || 0) + 1;
    },
    _debug(value) {
      // debug() and debug(true) turn it on; debug(false) off
      const was = log._on;
      log._on = value ?? 1;
      if (log._on && !was) for (const code in seen) print(code, '×' + seen[code]);
    },
  };
  return log;
}
