// `cartbeacon/testing` (Node only): a real collector for a shop's own test suite — what Snowplow
// Micro is to Snowplow. Re-exports only; see docs/testing.md.
export { startCollector } from './collector/collector.js';
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
} from './collector/types.js';
export type {
  EmulatorRequest,
  EsputnikEventState,
  EsputnikEmulatorOptions,
  EsputnikEmulatorState,
  RfmcubeEmulatorOptions,
  RfmcubeCustomerState,
  RfmcubeEmulatorState,
  RfmcubeProcessState,
} from './collector/emulators/types.js';
