// eSputnik in a relay: each order change is one "Generate event" of the type that fits
// (esputnik-event-type.ts), made by the sync's descriptor and mapper. Customers and erasures have no
// Generate-event counterpart and no documented erasure API: they are `unsupported`.
import { deliverChange } from '../../sync/deliver-change.js';
import type { Destination } from '../../sync/destination.js';
import { baseUrl } from '../../sync/destinations/base-url.js';
import { esputnik } from '../../sync/destinations/esputnik/descriptor.js';
import { ESPUTNIK_DEFAULT_RATE_PER_MINUTE } from '../../sync/destinations/esputnik/limits.js';
import { toEsputnikEvent, type EsputnikEvent, type EsputnikEventType } from '../../sync/destinations/esputnik/map.js';
import { ESPUTNIK_BASE_URL } from '../../sync/destinations/esputnik/options.js';
import { rateKeyOf } from '../../sync/destinations/rate-key.js';
import { DestinationError } from '../../sync/errors.js';
import { plainOrder } from '../change.js';
import type { RelayEsputnikOptions } from '../types.js';
import { esputnikEventType } from './esputnik-event-type.js';
import type { RelayTarget } from './target.js';

export const ESPUTNIK_NO_CUSTOMERS =
  'eSputnik takes order events from the relay, not contacts: nothing was sent (its contacts come from its own forms and imports)';
export const ESPUTNIK_NO_ERASURE =
  'eSputnik documents no erasure API for the relay to call: nothing was sent; erase the contact in eSputnik itself';

export function esputnikTarget(options: RelayEsputnikOptions): RelayTarget {
  const run = { dryRun: false, now: 0 };
  // The sync's checks of the key and address, with the same messages.
  esputnik.create(options, run);
  const account = rateKeyOf(
    'esputnik',
    baseUrl(options.baseUrl, ESPUTNIK_BASE_URL, 'esputnik.baseUrl'),
    options.apiKey,
  );
  /** Memory: `<account> order <id>` for every order id eSputnik took. */
  const prefix = `${account} order `;
  const byType = new Map<EsputnikEventType, Destination<EsputnikEvent>>();
  const destinationFor = (eventType: EsputnikEventType) => {
    let destination = byType.get(eventType);
    if (!destination) {
      destination = esputnik.create({ ...options, eventType }, run);
      byType.set(eventType, destination);
    }
    return destination;
  };

  return {
    name: 'esputnik',
    defaultRatePerMinute: ESPUTNIK_DEFAULT_RATE_PER_MINUTE,
    rateKey: account,
    check(kind, value) {
      if (kind === 'customer') return { unsupported: ESPUTNIK_NO_CUSTOMERS };
      if (kind === 'delete') return { unsupported: ESPUTNIK_NO_ERASURE };
      try {
        toEsputnikEvent(plainOrder(value), options);
        return { ok: true };
      } catch (error) {
        if (error instanceof DestinationError) return { problems: [...error.problems] };
        throw error;
      }
    },
    async deliver({ change, memory, ctx }) {
      const order = plainOrder(change.value);
      const mapped = toEsputnikEvent(order, options);
      const orderId = mapped.params.find((p) => p.name === 'externalOrderId')!.value;
      const status = mapped.params.find((p) => p.name === 'status')?.value;
      const key = prefix + orderId;
      const eventType = options.eventType ?? esputnikEventType((await memory.get(key)) !== undefined, status);
      const result = await deliverChange(destinationFor(eventType), order, ctx);
      if (result.status !== 'sent') return { result, facts: [] };
      return { result: { ...result, requests: [eventType] }, facts: [{ set: key, value: '1' }] };
    },
  };
}
