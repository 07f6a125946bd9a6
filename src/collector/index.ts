// The dev collector: re-exports only.
export { startCollector } from './collector.js';
export type {
  CollectorOptions,
  Fault,
  FaultRequest,
  FaultSetting,
  Identity,
  IngestRecord,
  RunningCollector,
  SignatureScheme,
  StoredEvent,
  Transport,
  WaitOptions,
} from './types.js';
