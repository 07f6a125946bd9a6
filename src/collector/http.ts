// The collector's routes on node:http. Each route is a few lines that call the pure modules.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { dirname, join } from 'node:path';
import { answerPreflight, setCorsHeaders } from './cors.js';
import { handleDemo } from './demo.js';
import { IngestError } from './errors.js';
import { ESPUTNIK_PREFIX } from './emulators/esputnik.js';
import { RFMCUBE_PREFIX } from './emulators/rfmcube.js';
import { decideFault, faultFor } from './faults.js';
import { type IngestRoute, toStoredEvents } from './ingest.js';
import { DEFAULT_PAGE_EVENTS, MAX_INGEST_BYTES, MAX_PAGE_EVENTS } from './limits.js';
import { readBody, sendError, sendJson } from './respond.js';
import { readIfFile, resolveStatic, sendCached, contentTypeOf } from './static.js';
import type { HttpContext } from './context.js';
import { openStream } from './stream.js';
import type { IngestRecord, StoredEvent } from './types.js';
import { sendViewer } from './viewer.js';

const INGEST_ROUTES: Record<string, IngestRoute> = { '/v2/bt': 'batch', '/v2/t': 'single', '/v3/t': 'single' };
const CORE_ROUTE = /^\/v2\/j\/([^/]+)\/?$/;
/** `<host>/v2/m/<name>.min.js`: an optional module (or the module list, `modules`) beside the core. */
const MODULE_ROUTE = /^\/v2\/m\/([a-z][a-z-]*)\.min\.js$/;
const LOOPBACK_HOST = /^(localhost|[a-z0-9-]+\.localhost|127(\.\d{1,3}){3}|\[::1\])(:\d+)?$/i;

function methodNotAllowed(res: ServerResponse, allow: string, method: string, path: string): void {
  sendError(res, 405, `${method} ${path} is not supported: use ${allow}`, { Allow: allow });
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function handleIngest(
  req: IncomingMessage,
  res: ServerResponse,
  route: IngestRoute,
  path: string,
  ctx: HttpContext,
): Promise<void> {
  const contentType = req.headers['content-type'] ?? '';
  const n = ctx.nextRequestNumber();
  const record: IngestRecord = {
    n,
    at: Date.now(),
    path,
    contentType,
    status: 0,
    bytes: 0,
    eventIds: [],
    duplicates: 0,
  };
  ctx.requests.push(record);
  try {
    const { text, bytes } = await readBody(req, MAX_INGEST_BYTES);
    record.bytes = bytes;
    // Decoded before any fault, so a faulted request's record still lists the events it carried.
    let events: StoredEvent[] | undefined;
    let refusal: IngestError | undefined;
    try {
      events = toStoredEvents(route, text, contentType, ctx, Date.now());
      record.eventIds = events.map((e) => e.id);
    } catch (error) {
      if (!(error instanceof IngestError)) throw error;
      refusal = error;
    }
    const fault = faultFor(ctx.faults(), n, { path, contentType, body: text });
    const action = decideFault(fault, ctx.random());
    if (action.latencyMs > 0) await sleep(action.latencyMs);
    if (action.kind === 'drop') {
      record.status = 0;
      res.destroy();
      return;
    }
    if (action.kind === 'fail') {
      record.status = action.status;
      const headers: Record<string, string> = {
        ...(action.retryAfter !== undefined ? { 'Retry-After': action.retryAfter } : {}),
        ...fault?.headers,
      };
      if (fault?.body === undefined) sendError(res, action.status, `injected fault: ${action.status}`, headers);
      else
        res.writeHead(action.status, { 'Content-Type': 'application/json; charset=utf-8', ...headers }).end(fault.body);
      return;
    }
    if (refusal) throw refusal;
    const now = Date.now();
    for (const event of events as StoredEvent[]) event.receivedAt = now;
    const { accepted, duplicates } = await ctx.store.add(events as StoredEvent[]);
    Object.assign(record, { status: 200, duplicates });
    sendJson(res, 200, { status: 'ok', accepted: accepted.length, duplicates });
  } catch (error) {
    if (error instanceof IngestError) {
      record.status = error.status;
      sendError(res, error.status, error.message, error.status === 413 ? { Connection: 'close' } : {});
      return;
    }
    throw error;
  }
}

async function handleCore(req: IncomingMessage, res: ServerResponse, ctx: HttpContext): Promise<void> {
  const script = await readIfFile(ctx.coreScript);
  if (!script) {
    sendError(res, 404, `core script not found at ${ctx.coreScript}: run "npm run build"`);
    return;
  }
  sendCached(req, res, script, 'application/javascript; charset=utf-8');
}

/** A module file of the core's build: `dist/richpanel.<name>.min.js` beside the core script. */
async function handleModule(req: IncomingMessage, res: ServerResponse, name: string, ctx: HttpContext): Promise<void> {
  const file = join(dirname(ctx.coreScript), `richpanel.${name}.min.js`);
  const script = await readIfFile(file);
  if (!script) return sendError(res, 404, `no module ${name}: ${file} is missing (run "npm run build")`);
  sendCached(req, res, script, 'application/javascript; charset=utf-8');
}

/** A whole number query parameter, its default when absent, or an IngestError naming it. */
function wholeNumber(url: URL, name: string, fallback: number | undefined): number | undefined {
  const text = url.searchParams.get(name);
  if (text === null || text === '') return fallback;
  const value = Number(text);
  if (!(Number.isSafeInteger(value) && value >= 0))
    throw new IngestError(400, `${name} must be a whole number, got ${JSON.stringify(text)}`);
  return value;
}

async function handleEventsApi(req: IncomingMessage, res: ServerResponse, url: URL, ctx: HttpContext): Promise<void> {
  if (req.method === 'DELETE') {
    const cleared = await ctx.store.clear();
    ctx.resetRequests();
    sendJson(res, 200, { status: 'ok', cleared });
    return;
  }
  if (req.method !== 'GET' && req.method !== 'HEAD')
    return methodNotAllowed(res, 'GET, DELETE', req.method ?? '', url.pathname);
  let limit: number;
  let before: number | undefined;
  try {
    limit = Math.min(wholeNumber(url, 'limit', DEFAULT_PAGE_EVENTS) as number, MAX_PAGE_EVENTS);
    before = wholeNumber(url, 'before', undefined);
  } catch (error) {
    if (!(error instanceof IngestError)) throw error;
    return sendError(res, error.status, error.message);
  }
  const name = url.searchParams.get('event') || undefined;
  // The newest `limit` events before the cursor, in arrival order; `next` pages to older ones.
  const page = await ctx.store.page({
    limit,
    ...(name === undefined ? {} : { name }),
    ...(before === undefined ? {} : { before }),
  });
  sendJson(res, 200, page);
}

async function route(req: IncomingMessage, res: ServerResponse, ctx: HttpContext): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://collector.invalid');
  const path = url.pathname;
  const method = req.method ?? 'GET';
  const ingestRoute = INGEST_ROUTES[path];
  // Storefronts on any origin may send events and load the core, test pages and dist/ files. The
  // event API, the viewer and the demo login stay same-origin: another site must not read or clear
  // what a developer collected.
  const privateRoute =
    path.startsWith('/api/') || path === '/events' || path === '/events/' || path.startsWith('/demo/');
  if (method === 'OPTIONS') {
    if (!privateRoute) return answerPreflight(req, res);
    return sendError(
      res,
      403,
      `cross-origin requests are not allowed on ${path}: open it from this server's own pages`,
    );
  }
  if (!privateRoute) setCorsHeaders(req, res);
  else if (ctx.loopback && !LOOPBACK_HOST.test(req.headers.host ?? '')) {
    // A page on a rebound domain must not read what a developer collected on localhost.
    return sendError(
      res,
      403,
      `open the viewer as http://localhost or http://127.0.0.1, not ${req.headers.host ?? 'an unknown host'}`,
    );
  }

  if (ingestRoute) {
    if (method !== 'POST') return methodNotAllowed(res, 'POST', method, path);
    return handleIngest(req, res, ingestRoute, path, ctx);
  }
  if (CORE_ROUTE.test(path)) {
    if (method !== 'GET' && method !== 'HEAD') return methodNotAllowed(res, 'GET', method, path);
    return handleCore(req, res, ctx);
  }
  const module = MODULE_ROUTE.exec(path);
  if (module) {
    if (method !== 'GET' && method !== 'HEAD') return methodNotAllowed(res, 'GET', method, path);
    return handleModule(req, res, module[1]!, ctx);
  }
  if (path.startsWith(`${RFMCUBE_PREFIX}/`)) return ctx.rfmcube.handle(req, res, path);
  if (path.startsWith(`${ESPUTNIK_PREFIX}/`)) return ctx.esputnik.handle(req, res, path, url.searchParams);
  if (path === '/healthz')
    return sendJson(res, 200, {
      status: 'ok',
      events: ctx.store.count,
      ...(ctx.store.isCounting ? { counting: true } : {}),
    });
  if (path === '/api/events') return handleEventsApi(req, res, url, ctx);
  if (path === '/api/events/stream') {
    if (method !== 'GET') return methodNotAllowed(res, 'GET', method, path);
    return openStream(req, res, ctx.store);
  }
  if (path === '/events' || path === '/events/') {
    if (method !== 'GET' && method !== 'HEAD') return methodNotAllowed(res, 'GET', method, path);
    return sendViewer(req, res);
  }
  if (ctx.demo && (await handleDemo(req, res, url, ctx))) return;
  if (method === 'GET' || method === 'HEAD') {
    const file = resolveStatic(ctx.mounts, path);
    const content = file ? await readIfFile(file) : undefined;
    if (file && content) return sendCached(req, res, content, contentTypeOf(file));
  }
  sendError(
    res,
    404,
    `nothing at ${method} ${path}: the collector takes POST /v2/bt, /v2/t, /v3/t (and emulates ${RFMCUBE_PREFIX}/… and ${ESPUTNIK_PREFIX}/…); see /events for the viewer`,
  );
}

/** The request listener: routes, and turns unexpected errors into a 500 naming them. */
export function createHandler(ctx: HttpContext): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    route(req, res, ctx).catch((error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      if (!res.headersSent) sendError(res, 500, `collector error: ${message}`);
      else res.destroy();
    });
  };
}
