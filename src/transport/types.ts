// Types shared by the transport and the core.

/** A wire event (DESIGN.md), as queued and stored. */
export type Ev = Record<string, unknown>;

/** Reports a kind of problem to the debug log (printed once per kind, counted). */
export type Warn = (kind: string, detail?: unknown) => void;
