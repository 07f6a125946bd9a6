// Types shared by the transport and the core.
import type { WireEvent } from '../protocol/wire.js';

/** A wire event, as queued and stored. */
export type Ev = WireEvent;

/** Reports a kind of problem (a code of ./warnings.ts) to the debug log: printed once per kind, counted. */
export type Warn = (code: number, detail?: unknown) => void;
