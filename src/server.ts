// `cartbeacon/server` (Node only): re-exports only.
export { encodeHs, decodeHs, signHs, verifyHsSignature } from './server/wire.js';
