// src/sync: the history sync and its destinations, as one unit. Re-exports only (what
// `cartbeacon/server` and a relay use).
export { syncHistory, DEFAULT_CONCURRENCY, MAX_CONCURRENCY } from './sync.js';
export type { SyncOptions, SyncSummary, SyncProgress } from './sync.js';
export type { HistorySource } from './history-source.js';
export type { Destination, DestinationDescriptor, OptionSpec, ReadResult, RunInfo } from './destination.js';
export { deliverChange } from './deliver-change.js';
export type { ChangeResult } from './deliver-change.js';
export { DESTINATIONS, DEFAULT_DESTINATION, destinationNamed } from './destinations/table.js';
export type { DestinationName, DestinationOptions } from './destinations/table.js';
export { DestinationError } from './errors.js';
export { readOrder } from './order/read-order.js';
export type { Order, OrderCustomer, OrderItem, OrderField, OrderProblem, ReadOrder } from './order/read-order.js';
export { orderOfLine } from './order/order-line.js';
export { richpanelOrderEvent, contentEventId } from './destinations/richpanel/history-event.js';
export { richpanelRefuses } from './destinations/richpanel/order-rules.js';
export {
  toRfmcubeCustomer,
  rfmcubeImport,
  groupRfmcubeCustomers,
  rfmcubeRefuses,
  DEFAULT_RFMCUBE_ORDER_DESCRIPTORS,
} from './destinations/rfmcube/map.js';
export type {
  RfmcubeCustomer,
  RfmcubeCustomerFields,
  RfmcubeOrder,
  RfmcubeItem,
  RfmcubeImport,
  RfmcubeImportFlags,
  RfmcubeMapOptions,
  RfmcubeValue,
} from './destinations/rfmcube/map.js';
export { RFMCUBE_BASE_URL } from './destinations/rfmcube/options.js';
export type { RfmcubeOptions } from './destinations/rfmcube/options.js';
export { toEsputnikEvent, esputnikRefuses } from './destinations/esputnik/map.js';
export type {
  EsputnikEvent,
  EsputnikEventType,
  EsputnikItem,
  EsputnikMapOptions,
  EsputnikParam,
} from './destinations/esputnik/map.js';
export { DEFAULT_ESPUTNIK_STATUS_MAP, ESPUTNIK_STATUSES } from './destinations/esputnik/status.js';
export type { EsputnikStatus } from './destinations/esputnik/status.js';
export { ESPUTNIK_BASE_URL } from './destinations/esputnik/options.js';
export type { EsputnikOptions } from './destinations/esputnik/options.js';
export type { StatusMap } from './destinations/status-map.js';
export type { RichpanelOptions } from './destinations/richpanel/descriptor.js';
