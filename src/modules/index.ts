// The optional modules for npm users: `createTracker({ apiKey, use: [pageViews(), ecommerce()] })`.
// Re-exports only; each is tree-shaken away when not imported.
export { ecommerce } from './ecommerce/index.js';
export type { EcommerceOptions } from './ecommerce/index.js';
export { messenger } from './messenger/messenger.js';
export { orderCheck } from './order-check/order-check.js';
export { pageViews } from './page-views/page-views.js';
export type { CartbeaconModule, ModuleHooks, ModuleHost } from './module.js';
