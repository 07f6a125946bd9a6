// The headers every answer under the base path carries, set in one place after the route has
// answered (create.ts): a route cannot forget them, and a new one (a served script, a refusal) gets
// them without a line of its own.
import { corsHeaders } from './cors.js';

/** `Vary` with `Origin` in it, whatever the route put there. */
function varyWithOrigin(vary: string | null): string {
  if (!vary) return 'Origin';
  return vary.split(',').some((v) => v.trim().toLowerCase() === 'origin') ? vary : `Origin, ${vary}`;
}

/**
 * Adds, to an answer the proxy built:
 * - the CORS headers when the request has an `Origin`;
 * - `Vary: Origin` always, also to a request without one: those headers depend on it, and a cache
 *   (the browser's, a CDN's) that kept an answer without them must not give it to a CORS request
 *   (the core, loaded once from `shop.example` and then with `integrity` on `www.shop.example`,
 *   would be blocked for as long as it stays fresh);
 * - `X-Content-Type-Options: nosniff`: no browser guesses a type the answer does not declare.
 */
export function withSharedHeaders(request: Request, response: Response): Response {
  const { headers } = response;
  for (const [name, value] of Object.entries(corsHeaders(request))) headers.set(name, value);
  headers.set('vary', varyWithOrigin(headers.get('vary')));
  headers.set('x-content-type-options', 'nosniff');
  return response;
}
