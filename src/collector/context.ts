// What every route of the collector's HTTP server reads: the store, the settings and the emulators.
import type { EsputnikEmulator } from './emulators/esputnik.js';
import type { RfmcubeEmulator } from './emulators/rfmcube.js';
import type { EventStore } from './store.js';
import type { FaultSetting, IngestRecord } from './types.js';

export interface HttpContext {
  store: EventStore;
  requests: IngestRecord[];
  apiKey: string | undefined;
  secret: string | undefined;
  allowUnsignedTokens: boolean;
  coreScript: string;
  mounts: Record<string, string>;
  demo: boolean;
  faults: () => FaultSetting | undefined;
  /** Counts ingest POSTs for per-request faults (1-based). */
  nextRequestNumber: () => number;
  /** Forgets the request records and starts counting from 1 again (on clear). */
  resetRequests: () => void;
  random: () => number;
  /** Listening on loopback only: private routes then also refuse foreign Host names (DNS rebinding). */
  loopback: boolean;
  rfmcube: RfmcubeEmulator;
  esputnik: EsputnikEmulator;
}
