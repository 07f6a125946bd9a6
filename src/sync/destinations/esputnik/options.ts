// The options of the eSputnik destination (`esputnik: {…}` in syncHistory).
import type { EsputnikMapOptions } from './map.js';

/** eSputnik's documented API origin; events go to `<base>/api/v1/event`. */
export const ESPUTNIK_BASE_URL = 'https://esputnik.com';

/** The eSputnik destination's options (`esputnik: {…}` in `syncHistory`): its API and how orders map to events. */
export interface EsputnikOptions extends EsputnikMapOptions {
  /** The eSputnik API key (sent as the password of HTTP Basic authentication). */
  apiKey: string;
  /** Default `https://esputnik.com`; the dev server emulates it at `<dev url>/esputnik`. */
  baseUrl?: string;
}
