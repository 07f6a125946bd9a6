// The e-commerce module's debug codes (docs/ecommerce.md explains each; they continue the core's
// W1…W26 of src/transport/warnings.ts). A module reports through host.warn, so they are printed,
// counted and shown with debug(true) like the core's own.

/** How a mapper reports a problem: a code and a detail. */
export type Warn = (code: number, detail?: unknown) => void;

/** Reused from the core: a method threw (caught; detail: 'ecommerce' and the error). */
export const W_THREW = 7;
/** An e-commerce push lacks what its event needs (a transaction id, a product id or name): not sent. */
export const W_MISSING = 27;
/** An e-commerce value was unusable (not a number, items not a list, over 200 items): sent without it. */
export const W_VALUE = 28;
/** The data layer is not an array (or its push is not a function): not read. */
export const W_NO_LAYER = 29;
