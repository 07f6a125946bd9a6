// createProxy: the fetch-standard handler. Routes a request, then serves the core, answers a
// preflight, or forwards an event body; everything else is refused. Every answer then gets the
// shared headers (CORS, `Vary: Origin`, `nosniff`) in one place.
import { CORE, CORE_ETAG, MODULES } from 'cartbeacon:core';
import { readRequestBody, TIMED_OUT, TOO_LARGE } from './body.js';
import { preflight } from './cors.js';
import { forward } from './forward.js';
import { forwardedFor } from './forwarded-for.js';
import { upstreamHeaders } from './headers.js';
import { MAX_PROXY_BODY_BYTES } from './limits.js';
import { resolveOptions, type ProxySettings } from './options.js';
import { refuse } from './respond.js';
import { ALLOWED, EVENT_PATHS, routeOf } from './routes.js';
import { serveScript } from './script.js';
import { withSharedHeaders } from './shared-headers.js';
import type { ProxyContext, ProxyHandler, ProxyOptions } from './types.js';

async function answer(settings: ProxySettings, request: Request, context: ProxyContext | undefined): Promise<Response> {
  const url = new URL(request.url);
  const route = routeOf(url.pathname, settings.basePath, (name) => Object.hasOwn(MODULES, name));
  const method = request.method.toUpperCase();
  if (route.kind === 'outside' || route.kind === 'unknown') {
    const where = settings.basePath || '/';
    return refuse(
      404,
      `nothing at ${url.pathname}: the proxy serves GET ${settings.basePath}/v2/j/<KEY>, ${settings.basePath}/v2/m/<module>.min.js and POST ${EVENT_PATHS.map((p) => settings.basePath + p).join(', ')} (base path ${where})`,
    );
  }
  const allowed = ALLOWED[route.kind];
  if (method === 'OPTIONS') return preflight(allowed);
  if (!allowed.split(', ').includes(method))
    return refuse(405, `${method} ${url.pathname} is not supported: use ${allowed}`, { allow: allowed });
  if (route.kind === 'core') return serveScript(request, { text: CORE, etag: CORE_ETAG });
  if (route.kind === 'module') return serveScript(request, MODULES[route.name]!);

  let body: Awaited<ReturnType<typeof readRequestBody>>;
  try {
    body = await readRequestBody(request, MAX_PROXY_BODY_BYTES, settings.bodyTimeoutMs);
  } catch {
    return refuse(400, 'the request body could not be read');
  }
  if (body === TOO_LARGE) return refuse(413, `the body is over ${MAX_PROXY_BODY_BYTES} bytes: send smaller batches`);
  if (body === TIMED_OUT) return refuse(408, `the request body did not arrive within ${settings.bodyTimeoutMs} ms`);
  const address = typeof context?.clientAddress === 'string' ? context.clientAddress : undefined;
  const headers = upstreamHeaders(request.headers, forwardedFor(settings, request.headers, address));
  return forward(settings.upstream + route.path + url.search, headers, body, settings.timeoutMs);
}

/**
 * The first-party proxy as a fetch-standard handler: `GET <basePath>/v2/j/<KEY>` serves cartbeacon's
 * core from this package, and `GET <basePath>/v2/m/<name>.min.js` the module files of the same build; `POST <basePath>/v2/bt`, `/v2/t` and `/v3/t` are forwarded to the same path
 * on `upstream` with the visitor's address and User-Agent, never the shop's cookies or Authorization;
 * preflights are answered; anything else is 404 (405 for a wrong method, 413 over 1 MB, 408 for a
 * body slower than `bodyTimeoutMs`, 502 / 504 when the upstream cannot be reached, answers too much
 * or is too slow). Every answer says `Vary: Origin` and `X-Content-Type-Options: nosniff`.
 * @example
 * const proxy = createProxy({ basePath: '/cb' });
 * export default { fetch: (request) => proxy(request) }; // Cloudflare Workers
 * @throws ProxyError naming the option when an option cannot be used.
 */
export function createProxy(options: ProxyOptions = {}): ProxyHandler {
  const settings = resolveOptions(options);
  const handler = async (request: Request, context?: ProxyContext) =>
    withSharedHeaders(request, await answer(settings, request, context));
  return Object.defineProperty(handler, 'basePath', { value: settings.basePath, enumerable: true }) as ProxyHandler;
}
