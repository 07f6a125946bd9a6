// nodeServerOptions: the node:http server options the proxy needs and `toNodeHandler` cannot set. A
// request reaches a listener only once its headers are read, and the server's timeouts belong to the
// shop's server (they apply to all its routes), so a middleware has no say in them: the shop passes
// these to `createServer`. Pure numbers, no Node import: the bundle stays edge-safe.
import { NODE_CONNECTIONS_CHECK_MS, NODE_HEADERS_TIMEOUT_MS, NODE_REQUEST_TIMEOUT_MS } from './limits.js';
import { ProxyError } from './errors.js';
import type { NodeServerLimits, NodeServerOptions } from './types.js';

function wholeMilliseconds(name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0)
    throw new ProxyError(`${name} must be a positive whole number of milliseconds, got ${JSON.stringify(value)}`);
  return value;
}

/**
 * Options for `node:http`'s `createServer` under the proxy: a client that trickles its headers is cut
 * after `headersTimeoutMs` (10 s), a whole request after `requestTimeoutMs` (30 s), each answered 408
 * by Node, checked every second instead of Node's 30 s. The proxy's own body deadline
 * (`bodyTimeoutMs`) works without them; these cover what happens before the proxy sees a request.
 * @example
 * http.createServer(nodeServerOptions(), app).listen(8080);
 * @throws ProxyError naming the option when a value is not a positive whole number, or the headers'
 * timeout is longer than the request's.
 */
export function nodeServerOptions(limits: NodeServerLimits = {}): NodeServerOptions {
  if (typeof limits !== 'object' || limits === null)
    throw new ProxyError('nodeServerOptions(limits): limits must be an object');
  const headersTimeout = wholeMilliseconds('headersTimeoutMs', limits.headersTimeoutMs ?? NODE_HEADERS_TIMEOUT_MS);
  const requestTimeout = wholeMilliseconds(
    'requestTimeoutMs',
    limits.requestTimeoutMs ?? Math.max(NODE_REQUEST_TIMEOUT_MS, headersTimeout),
  );
  if (headersTimeout > requestTimeout)
    throw new ProxyError(
      `headersTimeoutMs (${headersTimeout}) must not be longer than requestTimeoutMs (${requestTimeout})`,
    );
  const connectionsCheckingInterval = Math.min(NODE_CONNECTIONS_CHECK_MS, Math.ceil(headersTimeout / 2));
  return { headersTimeout, requestTimeout, connectionsCheckingInterval };
}
