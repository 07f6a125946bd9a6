// Identifies server-side batches in their payload (DESIGN.md: the payload adds platform and version).

/** The package version, put in by the build (rollup.config.mjs). */
export const VERSION = '__VERSION__';
/** Tells the collector these events came from a shop's backend, not a page. */
export const PLATFORM = 'node';
