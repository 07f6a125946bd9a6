// src/delivery: the Node side's request loop, shared by sendEvents, the history sync and the relay.
// Re-exports only.
export * from './request.js';
export * from './deliver-items.js';
export * from './context.js';
export * from './rate-limit.js';
export * from './sleep.js';
