// src/relay: the real-time relay (`createRelay` in cartbeacon/server). Re-exports only.
export { createRelay, DEFAULT_RELAY_CONCURRENCY } from './create-relay.js';
export { RelayError, RelayInputError } from './errors.js';
export { MEMORY_MAX_ENTRIES } from './memory.js';
export { esputnikEventType } from './targets/esputnik-event-type.js';
export type * from './types.js';
