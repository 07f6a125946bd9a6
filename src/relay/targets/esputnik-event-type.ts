// Which eSputnik order event a change is (pure): `orderCreated` for an order id the relay has not
// sent before; for one it has, `orderDelivered` or `orderCancelled` when the mapped status is
// DELIVERED or CANCELLED, else `orderUpdated`. eSputnik ignores `orderDelivered` / `orderCancelled`
// for an order it does not have, so a first change always creates it (with its status).
import type { EsputnikEventType } from '../../sync/destinations/esputnik/map.js';

export function esputnikEventType(seenBefore: boolean, status: string | undefined): EsputnikEventType {
  if (!seenBefore) return 'orderCreated';
  if (status === 'DELIVERED') return 'orderDelivered';
  if (status === 'CANCELLED') return 'orderCancelled';
  return 'orderUpdated';
}
