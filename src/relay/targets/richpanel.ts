// Richpanel in a relay: an order is the history sync's `order` event (its eventId made from the
// content, so a retry is dropped as a duplicate and a changed order is a new event); a customer is an
// `identify` server event; an erasure has no documented API.
import { DEFAULT_HOST } from '../../protocol/hosts.js';
import { deliverChange } from '../../sync/deliver-change.js';
import { rateKeyOf } from '../../sync/destinations/rate-key.js';
import { richpanel } from '../../sync/destinations/richpanel/descriptor.js';
import { richpanelOrderProblems } from '../../sync/destinations/richpanel/order-rules.js';
import { readOrder } from '../../sync/order/read-order.js';
import { plainOrder, readCustomer } from '../change.js';
import type { RelayRichpanelOptions } from '../types.js';
import type { Change, RelayTarget } from './target.js';

export const RICHPANEL_NO_ERASURE =
  'Richpanel documents no API to erase a customer: nothing was sent; erase them in Richpanel itself';

/** A customer change → `identify`: userProperties are the customer's fields plus `uid` (their id, else e-mail). */
export function identifyEvent(change: Change): Record<string, unknown> {
  const { id: _id, uid: _uid, ...fields } = change.value;
  const { customer } = readCustomer(change.value);
  return {
    event: 'identify',
    properties: {},
    userProperties: { uid: customer.id ?? customer.email, ...fields },
    time: { sentAt: change.acceptedAt },
  };
}

export function richpanelTarget(options: RelayRichpanelOptions): RelayTarget {
  // Checks the key, secret and host once (the destination is remade per change for its time).
  richpanel.create(options, { dryRun: false, now: 0 });
  return {
    name: 'richpanel',
    // The account: a relay's shared pace (`ratePerMinute.richpanel`) and, with `redis`, its queue.
    rateKey: rateKeyOf('richpanel', options.host ?? DEFAULT_HOST, options.apiKey),
    check(kind, value) {
      if (kind === 'delete') return { unsupported: RICHPANEL_NO_ERASURE };
      if (kind === 'customer') {
        const { customer } = readCustomer(value);
        return customer.id === undefined && customer.email === undefined
          ? { problems: ['id and email are missing: Richpanel identifies a customer by id (uid) or e-mail'] }
          : { ok: true };
      }
      const problems = richpanelOrderProblems(readOrder(plainOrder(value)).problems);
      return problems.length > 0 ? { problems } : { ok: true };
    },
    async deliver({ change, ctx }) {
      // An order without a time of its own is an event of the moment the call was made.
      const destination = richpanel.create(options, { dryRun: false, now: change.acceptedAt });
      const event = change.kind === 'customer' ? identifyEvent(change) : change.value;
      const result = await deliverChange(destination, event, ctx);
      const sent = change.kind === 'customer' ? 'identify' : 'order';
      return { result: result.status === 'sent' ? { ...result, requests: [sent] } : result, facts: [] };
    },
  };
}
