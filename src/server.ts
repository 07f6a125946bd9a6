// `cartbeacon/server` (Node only): re-exports only.
export { CartbeaconError, TokenError, SyncError } from './server/errors.js';
export { encryptUserData, decryptUserData, verifyUserToken } from './server/tokens.js';
export type { EncryptOptions, VerifyOptions } from './server/tokens.js';
export { signBatch } from './server/batch.js';
export type { ServerEvent, SignedBatch, Credentials } from './server/batch.js';
export { sendEvents } from './server/send.js';
export type { SendOptions, SendResult } from './server/send.js';
export { encodeHs, decodeHs, signHs, verifyHsSignature } from './server/wire.js';
export { syncHistory } from './sync/index.js';
export type { SyncOptions, SyncSummary, SyncProgress, HistorySource, DestinationName } from './sync/index.js';
export { DestinationError } from './sync/index.js';
export {
  toRfmcubeCustomer,
  rfmcubeImport,
  groupRfmcubeCustomers,
  DEFAULT_RFMCUBE_ORDER_DESCRIPTORS,
} from './sync/index.js';
export type {
  RfmcubeCustomer,
  RfmcubeCustomerFields,
  RfmcubeOrder,
  RfmcubeItem,
  RfmcubeImport,
  RfmcubeImportFlags,
  RfmcubeMapOptions,
  RfmcubeValue,
} from './sync/index.js';
export { toEsputnikEvent } from './sync/index.js';
export type {
  EsputnikEvent,
  EsputnikEventType,
  EsputnikItem,
  EsputnikMapOptions,
  EsputnikParam,
} from './sync/index.js';
export { DEFAULT_ESPUTNIK_STATUS_MAP, ESPUTNIK_STATUSES } from './sync/index.js';
export type { EsputnikStatus, StatusMap } from './sync/index.js';
export { RFMCUBE_BASE_URL, ESPUTNIK_BASE_URL } from './sync/index.js';
export type { RfmcubeOptions, EsputnikOptions } from './sync/index.js';
export { createRelay, RelayError, RelayInputError } from './relay/index.js';
export type {
  Relay,
  RelayOptions,
  RelayOutcome,
  RelayRichpanelOptions,
  RelayRfmcubeOptions,
  RelayEsputnikOptions,
  RelaySent,
  ChangeKind,
  Deletion,
  DestinationResult,
  DeliveryReport,
  FlushResult,
  PendingChange,
} from './relay/index.js';
