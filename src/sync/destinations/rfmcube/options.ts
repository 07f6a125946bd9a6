// The options of the Rfmcube destination (`rfmcube: {…}` in syncHistory).
import type { RfmcubeImportFlags, RfmcubeMapOptions } from './map.js';

/** Rfmcube's documented API base. */
export const RFMCUBE_BASE_URL = 'https://api.rfmcube.com/v1';

/** The Rfmcube destination's options (`rfmcube: {…}` in `syncHistory`): its API, import sizes, polling and mapping. */
export interface RfmcubeOptions extends RfmcubeMapOptions, RfmcubeImportFlags {
  /** The connector's API key (sent as the `api-key` header). */
  apiKey: string;
  /** Default `https://api.rfmcube.com/v1`; the dev server emulates it at `<dev url>/rfmcube/v1`. */
  baseUrl?: string;
  /** Orders per import request. Default 500. */
  ordersPerImport?: number;
  /** Bytes per import request. Default 5 MB; at most 50 MB (Rfmcube answers 416 beyond). */
  importBytes?: number;
  /** Wait between polls of an import process. Default 2,000 ms. */
  pollIntervalMs?: number;
  /** Give up on an import process still running after this long. Default 30 minutes. */
  pollTimeoutMs?: number;
}
