// Public types of `cartbeacon/proxy`. Docs live here; the code keeps why-comments only.

/** Options of `createProxy`. Every one has a default: `createProxy()` forwards to Richpanel under `/cb`. */
export interface ProxyOptions {
  /**
   * Where events go: `POST <basePath>/v2/bt` is sent to `<upstream>/v2/bt`. An `http:` or `https:`
   * URL without query or credentials; a path in it is kept as a prefix. Default `https://api.richpanel.com`.
   */
  upstream?: string;
  /**
   * The path the proxy answers under, e.g. `/cb` (the default): the core at `/cb/v2/j/<KEY>`, events at
   * `/cb/v2/bt`, `/cb/v2/t` and `/cb/v3/t`. Pick a path filter lists do not match: no `track`,
   * `analytics`, `beacon`, `pixel`, `collect` or `event` in it. `''` or `'/'` mounts it at the root (a
   * subdomain of its own).
   */
  basePath?: string;
  /**
   * Whether the shop's server sits behind a proxy it trusts (a load balancer, a CDN, the edge platform)
   * and how far its `X-Forwarded-For` is believed. Default false: a visitor can send that header, so it
   * is ignored and only the socket address (`ProxyContext.clientAddress`) is forwarded.
   * - a number n: n proxies in front, each appending the address it saw (nginx's
   *   `$proxy_add_x_forwarded_for`, AWS ALB, Heroku): the last n entries are kept, anything before them
   *   (which the visitor may have sent) is dropped;
   * - true: the whole incoming `X-Forwarded-For`, only where the platform overwrites it (Vercel);
   * then the connecting address is appended unless it is already last. With `ipHeader`, any of them
   * (true is enough) just allows that header to be read.
   */
  trustProxy?: boolean | number;
  /**
   * The header the trusted platform sets to the visitor's address: `CF-Connecting-IP` (Cloudflare),
   * `X-Real-IP` (nginx's `proxy_set_header X-Real-IP $remote_addr`), `X-Nf-Client-Connection-Ip`
   * (Netlify), `Fly-Client-IP` (Fly.io)… The visitor's address then comes from that header alone
   * (its last entry, should it hold a list) and any incoming `X-Forwarded-For` is dropped; the
   * connecting address follows it. Read only with `trustProxy`.
   */
  ipHeader?: string;
  /** How long the upstream may take to answer (its body included) before the browser gets a 504. Default 10,000 ms. */
  timeoutMs?: number;
  /**
   * How long a request's body may take to arrive once the proxy starts reading it before the browser
   * gets a 408 (and, through `toNodeHandler`, the connection is closed). Default 15,000 ms: the
   * browser's own request timeout, after which the page sends the batch again anyway.
   */
  bodyTimeoutMs?: number;
}

/** What the runtime knows about the connection, passed as the handler's second argument. */
export interface ProxyContext {
  /**
   * The address of the peer that connected (the socket's remote address): `toNodeHandler` passes it;
   * on Deno pass `info.remoteAddr.hostname`, on Bun `server.requestIP(request)?.address`.
   */
  clientAddress?: string | undefined;
}

/**
 * A fetch-standard handler: give it every request under `basePath` and return its Response. It uses
 * only `Request`, `Response`, `Headers`, `fetch`, `URL`, `AbortController` and streams, so it runs on
 * Node 18+, Cloudflare Workers, Vercel / Netlify edge, Deno and Bun.
 */
export interface ProxyHandler {
  /** Answers one request: the core, a forwarded event post, a preflight, or a refusal. Never throws. */
  (request: Request, context?: ProxyContext): Promise<Response>;
  /** The normalized base path (`'/cb'`, or `''` at the root): `toNodeHandler` passes other paths on. */
  readonly basePath: string;
}

/** The part of a `node:http` (or Express) request the Node adapter reads. */
export interface NodeRequest {
  /** The request method (`POST`). */
  method?: string | undefined;
  /** The request target (`/cb/v2/bt?x=1`); Express strips a mount path from it. */
  url?: string | undefined;
  /** Express: the URL before a mount path was stripped (`app.use('/cb', …)`). */
  originalUrl?: string | undefined;
  /** Request headers, lower-case names. */
  headers: Record<string, string | string[] | undefined>;
  /** The connection: its remote address is the visitor's (or the trusted proxy's). */
  socket?:
    | {
        /** The peer's IP address. */
        remoteAddress?: string | undefined;
        /** True on a TLS socket: the request URL is `https:`. */
        encrypted?: boolean;
      }
    | null
    | undefined;
  /** True once the whole body has arrived. */
  complete?: boolean;
  /** True once the body was read to its end (by a body parser, when it was not the proxy). */
  readableEnded?: boolean;
  /** Subscribes to the body stream (`data`, `end`, `error`). */
  on(event: string, listener: (...args: never[]) => void): unknown;
  /** Stops the body's flow: the proxy reads only as fast as it forwards. */
  pause(): unknown;
  /** Resumes the body's flow. */
  resume(): unknown;
}

/** The part of a `node:http` (or Express) response the Node adapter writes. */
export interface NodeResponse {
  /** True once the status line was sent. */
  headersSent: boolean;
  /** Sends the status and headers. */
  writeHead(status: number, headers: Record<string, string>): unknown;
  /** Sends the body (if any) and ends the answer. */
  end(chunk?: Uint8Array): unknown;
  /** Ends the connection (after a failure once the answer had started). */
  destroy(error?: Error): unknown;
}

/** `(req, res, next?)`: a `node:http` request listener and an Express / Connect middleware in one. */
export type NodeHandler = (req: NodeRequest, res: NodeResponse, next?: (error?: unknown) => void) => void;

/** Options of `nodeServerOptions`: each has a default. */
export interface NodeServerLimits {
  /** How long a client may take to send a request's headers. Default 10,000 ms (Node's own: 60,000). */
  headersTimeoutMs?: number;
  /**
   * How long a client may take to send a whole request, headers and body, on any route of the server.
   * Default 30,000 ms (Node's own: 300,000): raise it if the same server takes slow uploads.
   */
  requestTimeoutMs?: number;
}

/** Options for `node:http`'s `createServer(options, listener)` that cut clients sending too slowly. */
export interface NodeServerOptions {
  /** Milliseconds to receive a request's headers, then Node answers 408 and closes the connection. */
  headersTimeout: number;
  /** Milliseconds to receive a whole request, then Node answers 408 and closes the connection. */
  requestTimeout: number;
  /** How often Node checks the two timeouts (its default, 30 s, would enforce them up to that late). */
  connectionsCheckingInterval: number;
}
