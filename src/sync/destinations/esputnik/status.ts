// eSputnik's five order statuses and the default map from the shop's words (pure).
import type { StatusMap } from '../status-map.js';

/** The statuses eSputnik's `orderCreated` accepts; only DELIVERED orders count for RFM. */
export const ESPUTNIK_STATUSES = [
  'INITIALIZED',
  'IN_PROGRESS',
  'DELIVERED',
  'CANCELLED',
  'ABANDONED_SHOPPING_CART',
] as const;
/** One of eSputnik's order statuses (`ESPUTNIK_STATUSES`). */
export type EsputnikStatus = (typeof ESPUTNIK_STATUSES)[number];

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

export function isEsputnikStatus(value: string): value is EsputnikStatus {
  return (ESPUTNIK_STATUSES as readonly string[]).includes(value);
}
