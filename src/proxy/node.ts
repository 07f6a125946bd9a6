// toNodeHandler: the fetch-standard handler as a node:http listener and an Express / Connect
// middleware. The only Node-specific part of the proxy, and still free of Node imports: it reads a
// request and writes a response through the few members both frameworks share.
import { DATA_HEADERS } from './respond.js';
import { isUnder } from './routes.js';
import type { NodeHandler, NodeRequest, NodeResponse, ProxyHandler } from './types.js';

/** A Host header that is a plain host name or address with an optional port. */
const HOST = /^([A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(:\d{1,5})?$/;

/** The request target as a URL: origin-form (`/cb/v2/bt?x`) or absolute-form. Undefined when unreadable. */
function targetUrl(req: NodeRequest): URL | undefined {
  const target = req.originalUrl ?? req.url ?? '/';
  const host = typeof req.headers.host === 'string' && HOST.test(req.headers.host) ? req.headers.host : 'localhost';
  const scheme = req.socket?.encrypted ? 'https' : 'http';
  try {
    // Concatenated, not resolved against a base: `//other.host/…` stays a path on this host.
    return new URL(target.startsWith('/') ? `${scheme}://${host}${target}` : target);
  } catch {
    return undefined;
  }
}

/** The body as a web stream, read from the Node request only as fast as the handler asks for it. */
function bodyStream(req: NodeRequest): ReadableStream<Uint8Array> {
  let finished = false;
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        req.pause(); // before the listener: attaching 'data' would otherwise start the flow
        req.on('data', (chunk: Uint8Array | string) => {
          if (finished) return;
          controller.enqueue(typeof chunk === 'string' ? new TextEncoder().encode(chunk) : new Uint8Array(chunk));
          req.pause();
        });
        req.on('end', () => {
          if (!finished) controller.close();
          finished = true;
        });
        req.on('error', (error: Error) => {
          if (!finished) controller.error(error);
          finished = true;
        });
      },
      pull() {
        req.resume();
      },
      cancel() {
        // The handler stopped reading (413): nothing more is read or kept.
        finished = true;
      },
    },
    { highWaterMark: 0 },
  );
}

function toRequest(req: NodeRequest, url: URL): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined || name.startsWith(':')) continue; // HTTP/2 pseudo-headers
    for (const v of Array.isArray(value) ? value : [value]) headers.append(name, v);
  }
  const method = (req.method ?? 'GET').toUpperCase();
  const init: RequestInit & { duplex?: 'half' } = { method, headers };
  if (method !== 'GET' && method !== 'HEAD') {
    init.body = bodyStream(req);
    init.duplex = 'half'; // Node's fetch needs it for a streamed body
  }
  return new Request(url, init);
}

function sendJson(res: NodeResponse, status: number, message: string, extra: Record<string, string> = {}): void {
  const body = new TextEncoder().encode(JSON.stringify({ error: message }));
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(body.byteLength),
    'x-content-type-options': 'nosniff',
    ...DATA_HEADERS,
    ...extra,
  });
  res.end(body);
}

async function write(req: NodeRequest, res: NodeResponse, response: Response): Promise<void> {
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    headers[name] = value;
  });
  const body = response.body ? new Uint8Array(await response.arrayBuffer()) : undefined;
  if (body) headers['content-length'] = String(body.byteLength);
  // A body left unread (413, 408): close the connection after the answer instead of reading it to its
  // end, so a client that sends a byte now and then holds neither the socket nor memory past it.
  if (!req.complete) headers.connection = 'close';
  res.writeHead(response.status, headers);
  res.end(body);
}

async function serve(handler: ProxyHandler, req: NodeRequest, res: NodeResponse, url: URL): Promise<void> {
  // Express body parsers (express.json()) read the body before the proxy could: it would forward nothing.
  if (req.readableEnded && req.method === 'POST') {
    sendJson(res, 500, 'the request body was already read: mount the cartbeacon proxy before body parsers');
    return;
  }
  let request: Request;
  try {
    request = toRequest(req, url);
  } catch {
    // `new Request` refuses CONNECT, TRACE and TRACK, and header values fetch cannot carry.
    sendJson(res, 405, `${req.method} ${url.pathname} is not supported`, { connection: 'close' });
    return;
  }
  await write(req, res, await handler(request, { clientAddress: req.socket?.remoteAddress }));
}

/**
 * The proxy for `node:http` and Express / Connect: `(req, res, next?)`. Requests under the proxy's
 * base path are answered; others go to `next()`, or get a 404 when there is none (plain `node:http`).
 * Mount it before body parsers such as `express.json()`. The visitor's address is the socket's
 * (with `trustProxy`, appended to what is believed of the forwarding headers). A body slower than
 * `bodyTimeoutMs` is answered 408 and its connection closed; the headers' deadline is the server's:
 * create it with `nodeServerOptions()`.
 * @example
 * app.use(toNodeHandler(createProxy({ basePath: '/cb' })));                 // Express
 * http.createServer(toNodeHandler(createProxy())).listen(8080);             // node:http
 */
export function toNodeHandler(handler: ProxyHandler): NodeHandler {
  return (req, res, next) => {
    const url = targetUrl(req);
    if (!url || !isUnder(url.pathname, handler.basePath)) {
      if (next) next();
      else sendJson(res, 404, `nothing at ${url?.pathname ?? req.url}: not under ${handler.basePath || '/'}`);
      return;
    }
    serve(handler, req, res, url).catch((error: unknown) => {
      if (next) next(error);
      else if (!res.headersSent) sendJson(res, 500, 'cartbeacon proxy error');
      else res.destroy();
    });
  };
}
