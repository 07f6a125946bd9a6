// Order statuses: the shop's words → eSputnik's five statuses, with a default map the shop can override (pure).

/** The statuses eSputnik's `orderCreated` accepts; only DELIVERED orders count for RFM. */
export const ESPUTNIK_STATUSES = [
  'INITIALIZED',
  'IN_PROGRESS',
  'DELIVERED',
  'CANCELLED',
  'ABANDONED_SHOPPING_CART',
] as const;
export type EsputnikStatus = (typeof ESPUTNIK_STATUSES)[number];

/** A shop status → a destination status. Keys are matched case-insensitively; spaces and hyphens count as `_`. */
export type StatusMap<S extends string = string> = Readonly<Record<string, S>>;

/** Common platform statuses (Shopify, WooCommerce, Magento) and eSputnik's own names. */
export const DEFAULT_ESPUTNIK_STATUS_MAP: StatusMap<EsputnikStatus> = {
  initialized: 'INITIALIZED',
  new: 'INITIALIZED',
  pending: 'INITIALIZED',
  pending_payment: 'INITIALIZED',
  open: 'INITIALIZED',
  created: 'INITIALIZED',
  in_progress: 'IN_PROGRESS',
  processing: 'IN_PROGRESS',
  paid: 'IN_PROGRESS',
  on_hold: 'IN_PROGRESS',
  authorized: 'IN_PROGRESS',
  partially_fulfilled: 'IN_PROGRESS',
  unfulfilled: 'IN_PROGRESS',
  shipped: 'IN_PROGRESS',
  partially_refunded: 'IN_PROGRESS',
  delivered: 'DELIVERED',
  completed: 'DELIVERED',
  complete: 'DELIVERED',
  fulfilled: 'DELIVERED',
  closed: 'DELIVERED',
  cancelled: 'CANCELLED',
  canceled: 'CANCELLED',
  refunded: 'CANCELLED',
  voided: 'CANCELLED',
  failed: 'CANCELLED',
  abandoned: 'ABANDONED_SHOPPING_CART',
  abandoned_cart: 'ABANDONED_SHOPPING_CART',
  abandoned_shopping_cart: 'ABANDONED_SHOPPING_CART',
};

/** `Partially Refunded` and `partially-refunded` → `partially_refunded`. */
export function statusKey(status: string): string {
  return status
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
}

/** The mapped status, the shop's map first, then `defaults`; undefined when neither knows it. */
export function mapStatus<S extends string>(
  status: string,
  overrides: StatusMap<S> | undefined,
  defaults: StatusMap<S>,
): S | undefined {
  const key = statusKey(status);
  const own = overrides && Object.keys(overrides).find((k) => statusKey(k) === key);
  if (own !== undefined) return overrides![own];
  return Object.hasOwn(defaults, key) ? defaults[key] : undefined;
}

export function isEsputnikStatus(value: string): value is EsputnikStatus {
  return (ESPUTNIK_STATUSES as readonly string[]).includes(value);
}
