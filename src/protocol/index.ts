// src/protocol: what every side shares (wire types, limits, status policy, backoff, encoding, hosts,
// timeouts). Re-exports only.
export * from './wire.js';
export * from './limits.js';
export * from './policy.js';
export * from './backoff.js';
export * from './encode.js';
export * from './json.js';
export * from './hosts.js';
export * from './timeouts.js';
