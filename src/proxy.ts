// `cartbeacon/proxy`: the first-party proxy (fetch-standard handler + Node adapter). Re-exports only.
export { createProxy } from './proxy/create.js';
export { toNodeHandler } from './proxy/node.js';
export { nodeServerOptions } from './proxy/node-server.js';
export { ProxyError } from './proxy/errors.js';
export { CartbeaconError } from './server/errors.js';
export type {
  NodeHandler,
  NodeRequest,
  NodeResponse,
  NodeServerLimits,
  NodeServerOptions,
  ProxyContext,
  ProxyHandler,
  ProxyOptions,
} from './proxy/types.js';
