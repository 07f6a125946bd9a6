// Named limits of the wire format, shared by the browser transport, the server helper, the proxy and
// the collector. Limits of one side only live with that side (see ARCHITECTURE.md "Where each limit lives").

/** Richpanel's batch endpoint takes 25 events per browser batch (and server history goes in 25s). */
export const MAX_BATCH_EVENTS = 25;
/** Richpanel's Magento plugin posts 50 orders plus a `delete_fulfillment` each: up to 100 events per server batch. */
export const MAX_SERVER_BATCH_EVENTS = 100;
/** Browsers cap keepalive/beacon bodies at 64 KiB in flight; 64,000 leaves room for headers. */
export const MAX_BODY_BYTES = 64_000;
