// The options of the eSputnik destination (`esputnik: {…}` in syncHistory).
import type { EsputnikHistoryVia, EsputnikMapOptions } from './map.js';

/** eSputnik's documented API origin; requests go to `<base>/api/v1/…`. */
export const ESPUTNIK_BASE_URL = 'https://esputnik.com';

/** The eSputnik destination's options (`esputnik: {…}` in `syncHistory`): its API and how orders map to it. */
export interface EsputnikOptions extends EsputnikMapOptions {
  /** The eSputnik API key (sent as the password of HTTP Basic authentication). */
  apiKey: string;
  /** Default `https://esputnik.com`; the dev server emulates it at `<dev url>/esputnik`. */
  baseUrl?: string;
  /**
   * How a history sync sends orders, after it has imported their contacts: `orders` (default) as
   * "Add orders" (`POST /v1/orders`, 1,000 a request, what eSputnik's own plugins use, no event
   * segmentation needed), or `pastEvents` as "Generate past events" (`POST /v1/past_events`, 500 a
   * request, each with its own time; needs segmentation by events enabled for the event type).
   */
  history?: EsputnikHistoryVia;
  /** Wait between questions about a contact import (`GET /v1/importstatus/{id}`). Default 1,000 ms. */
  pollIntervalMs?: number;
  /** Give up on a contact import still running after this long. Default 30 minutes. */
  pollTimeoutMs?: number;
}
