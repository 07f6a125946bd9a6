// Named limits of the first-party proxy, each with its reason.
import { BROWSER_REQUEST_TIMEOUT_MS } from '../protocol/timeouts.js';

export { PROXY_UPSTREAM_TIMEOUT_MS } from '../protocol/timeouts.js';

/**
 * Largest request body forwarded: the dev collector's limit too. A browser batch is at most 64 KB
 * (keepalive cap) and a signed server batch of 100 large orders stays well under it; anything bigger
 * is refused with 413 before it costs the shop memory or upstream bandwidth.
 */
export const MAX_PROXY_BODY_BYTES = 1024 * 1024;

/**
 * How long a request body may take to arrive once the proxy starts reading it (`bodyTimeoutMs`'s
 * default), answered 408. The browser's own request timeout: past it the page has given up on this
 * request and will send it again, so reading on only lets a client that sends a byte every few
 * seconds hold a connection and up to 1 MB of the shop's memory (Node alone would wait 5 minutes).
 * A 64 KB batch takes 3–5 s on an EDGE (2.5G) link.
 */
export const PROXY_BODY_TIMEOUT_MS = BROWSER_REQUEST_TIMEOUT_MS;

/**
 * Largest upstream answer passed back, counted on the bytes read after fetch decoded any
 * Content-Encoding (the browser gets them decoded): larger is answered 502 and the upstream
 * connection is dropped. Richpanel's answers are a few hundred bytes of JSON
 * (`{"status":"ok","accepted":25,"duplicates":0}` and error objects), so 64 KB is two orders of
 * magnitude of headroom, while a broken or hostile upstream (a 200 MB gzip bomb) can neither fill the
 * shop's memory nor be relayed to the visitor.
 */
export const MAX_UPSTREAM_ANSWER_BYTES = 64 * 1024;

/**
 * Caching of every script the proxy serves (the core at `<basePath>/v2/j/<KEY>`). The URL carries
 * no content hash (the snippet asks for `/v2/j/KEY?version=2.0.0` whatever the build), so it cannot
 * be `immutable`: an hour fresh keeps repeat page views off the network; a day of
 * stale-while-revalidate lets a returning visitor start at once while the new copy is fetched; the
 * ETag makes every revalidation a 304. A shop that upgrades cartbeacon reaches its visitors within the
 * hour. `public`: a CDN in front of the shop may keep it (every answer says `Vary: Origin`).
 */
export const SCRIPT_CACHE_CONTROL = 'public, max-age=3600, stale-while-revalidate=86400';

/** Browsers may cache a CORS preflight this long (Chromium caps it at 2 hours). */
export const PREFLIGHT_MAX_AGE_SECONDS = 7200;

/**
 * `nodeServerOptions()`'s `headersTimeout`: a browser sends its request headers in one or two
 * packets, so 10 s covers a congested mobile link; Node's own 60 s lets a client that trickles
 * header bytes hold a connection for a minute (plus its 30 s check interval).
 */
export const NODE_HEADERS_TIMEOUT_MS = 10_000;

/**
 * `nodeServerOptions()`'s `requestTimeout` (headers and body, for every route of the server): the
 * headers' 10 s plus the proxy's 15 s body deadline, rounded up. Node's own is 5 minutes.
 */
export const NODE_REQUEST_TIMEOUT_MS = 30_000;

/**
 * How often node:http looks for connections past those timeouts (its `connectionsCheckingInterval`,
 * 30 s by default: a timeout is enforced up to that late). One pass over the open connections a
 * second costs next to nothing.
 */
export const NODE_CONNECTIONS_CHECK_MS = 1_000;
