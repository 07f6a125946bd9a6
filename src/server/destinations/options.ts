// Options of the Rfmcube and eSputnik destinations of `syncHistory`.
import type { EsputnikMapOptions } from './esputnik-map.js';
import type { RfmcubeImportFlags, RfmcubeMapOptions } from './rfmcube-map.js';

/** Rfmcube's documented API base. */
export const RFMCUBE_BASE_URL = 'https://api.rfmcube.com/v1';
/** eSputnik's documented API origin; events go to `<base>/api/v1/event`. */
export const ESPUTNIK_BASE_URL = 'https://esputnik.com';

export interface RfmcubeOptions extends RfmcubeMapOptions, RfmcubeImportFlags {
  /** The connector's API key (sent as the `api-key` header). */
  apiKey: string;
  /** Default `https://api.rfmcube.com/v1`; the dev server emulates it at `<dev url>/rfmcube/v1`. */
  baseUrl?: string;
  /** Orders per import request. Default 500. */
  ordersPerImport?: number;
  /** Bytes per import request. Default 5 MB (Rfmcube refuses 200 MB). */
  importBytes?: number;
  /** Wait between polls of an import process. Default 2,000 ms. */
  pollIntervalMs?: number;
  /** Give up on an import process still running after this long. Default 30 minutes. */
  pollTimeoutMs?: number;
}

export interface EsputnikOptions extends EsputnikMapOptions {
  /** The eSputnik API key (sent as the password of HTTP Basic authentication). */
  apiKey: string;
  /** Default `https://esputnik.com`; the dev server emulates it at `<dev url>/esputnik`. */
  baseUrl?: string;
}
