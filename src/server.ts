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
export type { DestinationName } from './server/destination.js';
export { DestinationError } from './server/destinations/errors.js';
export {
  toRfmcubeCustomer,
  rfmcubeImport,
  groupRfmcubeCustomers,
  DEFAULT_RFMCUBE_ORDER_DESCRIPTORS,
} from './server/destinations/rfmcube-map.js';
export type {
  RfmcubeCustomer,
  RfmcubeOrder,
  RfmcubeItem,
  RfmcubeImport,
  RfmcubeImportFlags,
  RfmcubeMapOptions,
  RfmcubeValue,
} from './server/destinations/rfmcube-map.js';
export { toEsputnikEvent } from './server/destinations/esputnik-map.js';
export type {
  EsputnikEvent,
  EsputnikEventType,
  EsputnikItem,
  EsputnikMapOptions,
  EsputnikParam,
} from './server/destinations/esputnik-map.js';
export { DEFAULT_ESPUTNIK_STATUS_MAP, ESPUTNIK_STATUSES } from './server/destinations/status.js';
export type { EsputnikStatus, StatusMap } from './server/destinations/status.js';
export { RFMCUBE_BASE_URL, ESPUTNIK_BASE_URL } from './server/destinations/options.js';
export type { RfmcubeOptions, EsputnikOptions } from './server/destinations/options.js';
