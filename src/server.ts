// `cartbeacon/server` (Node only): re-exports only.
export { CartbeaconError, TokenError, SyncError } from './server/errors.js';
export { encryptUserData, decryptUserData, verifyUserToken } from './server/tokens.js';
export type { EncryptOptions, VerifyOptions } from './server/tokens.js';
export { signBatch } from './server/batch.js';
export type { ServerEvent, SignedBatch, Credentials } from './server/batch.js';
export { sendEvents } from './server/send.js';
export type { SendOptions, SendResult } from './server/send.js';
export { encodeHs, decodeHs, signHs, verifyHsSignature } from './server/wire.js';
export { syncHistory } from './server/sync.js';
export type { SyncOptions, SyncSummary, SyncProgress } from './server/sync.js';
export type { HistorySource } from './server/history-source.js';
