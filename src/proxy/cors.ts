// CORS for the proxy's routes (pure). Any origin is answered, as Richpanel's API answers any: the
// proxy holds no credentials and forwards none, so another site gains nothing it could not get by
// calling the upstream directly. Same-origin requests carry an Origin too (POST) and get the same.
import { PREFLIGHT_MAX_AGE_SECONDS } from './limits.js';

/** The CORS headers for a request's Origin; none without one. `Vary: Origin` is `withSharedHeaders`'s. */
export function corsHeaders(request: Request): Record<string, string> {
  const origin = request.headers.get('origin');
  if (!origin) return {};
  return {
    'access-control-allow-origin': origin,
    // Richpanel's own script posts with withCredentials: its preflight needs this.
    'access-control-allow-credentials': 'true',
    'access-control-expose-headers': 'Retry-After',
  };
}

/** The answer to a preflight (`OPTIONS`): 204 with the route's methods and `Content-Type` allowed. */
export function preflight(methods: string): Response {
  return new Response(null, {
    status: 204,
    headers: {
      'access-control-allow-methods': methods,
      'access-control-allow-headers': 'Content-Type',
      'access-control-max-age': String(PREFLIGHT_MAX_AGE_SECONDS),
      vary: 'Access-Control-Request-Headers',
    },
  });
}
