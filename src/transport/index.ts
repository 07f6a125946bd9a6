// src/transport: the browser's never-lose delivery. Re-exports only.
export { createTransport } from './transport.js';
export type { Transport, TransportOptions } from './transport.js';
export { webStorage } from './storage.js';
export type { Storage } from './storage.js';
export type { Ev, Warn } from './types.js';
export { NativePromise } from './promise.js';
