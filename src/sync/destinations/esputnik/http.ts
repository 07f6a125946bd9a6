// How every eSputnik request is made, for the history sync and the relay alike: HTTP Basic with the
// API key as the password (any user name: esputnik.com/api "Authentication"; yespo-shopify
// app/utils/auth.ts sends `user:<key>`), JSON both ways, and what to check when eSputnik refuses the
// key or the address.
import { ESPUTNIK_BASE_URL } from './options.js';

/** eSputnik reads the API key as the Basic password; the user name is not checked. */
const BASIC_USER = 'cartbeacon';

export const ESPUTNIK_CONFIG_HINT = 'check the eSputnik key and address (`esputnik.apiKey`, `esputnik.baseUrl`)';

export function esputnikHeaders(apiKey: string): Record<string, string> {
  return {
    'content-type': 'application/json',
    accept: 'application/json',
    authorization: `Basic ${Buffer.from(`${BASIC_USER}:${apiKey}`, 'utf8').toString('base64')}`,
  };
}

/** `<base>/api/v1/<path>`: every resource cartbeacon uses lives under version 1 of the public API. */
export function esputnikUrl(base: string, path: string): string {
  return `${base}/api/v1/${path}`;
}

export { ESPUTNIK_BASE_URL };
