// Rfmcube in a relay: an order is `merge_order`, after `merge_customer` when the relay has not sent
// that customer in that form (or Rfmcube answers that it lacks them); a customer is `merge_customer`;
// an erasure is `delete_customer`. Orders are mapped by the history sync's mapper.
import { deliverChange, type ChangeResult } from '../../sync/deliver-change.js';
import { baseUrl } from '../../sync/destinations/base-url.js';
import { rfmcube } from '../../sync/destinations/rfmcube/descriptor.js';
import { RFMCUBE_DEFAULT_RATE_PER_MINUTE } from '../../sync/destinations/rfmcube/limits.js';
import { toRfmcubeCustomer } from '../../sync/destinations/rfmcube/map.js';
import { RFMCUBE_BASE_URL } from '../../sync/destinations/rfmcube/options.js';
import { rateKeyOf } from '../../sync/destinations/rate-key.js';
import { DestinationError } from '../../sync/errors.js';
import { plainOrder, subjectOf } from '../change.js';
import type { Fact, MemoryReader } from '../memory.js';
import type { RelayRfmcubeOptions } from '../types.js';
import {
  customerFingerprint,
  deleteBody,
  mergeCustomerBody,
  mergeOrderBody,
  rfmcubeCustomerOf,
  splitMapped,
  type RfmcubeMergeCustomer,
} from './rfmcube-bodies.js';
import { rfmcubeRoute, type RfmcubeRoute } from './rfmcube-route.js';
import type { Delivered, RelayTarget } from './target.js';

export function rfmcubeTarget(options: RelayRfmcubeOptions): RelayTarget {
  // The sync's checks of the key and address, with the same messages.
  rfmcube.create(options, { dryRun: false, now: 0 });
  const base = baseUrl(options.baseUrl, RFMCUBE_BASE_URL, 'rfmcube.baseUrl');
  const account = rateKeyOf('rfmcube', base, options.apiKey);
  // A live change runs the account's integrations unless the shop says otherwise (the sync's default is false).
  const trigger = options.triggerIntegrations ?? true;
  const routes = {
    merge_customer: rfmcubeRoute('merge_customer', base, options.apiKey),
    merge_order: rfmcubeRoute('merge_order', base, options.apiKey),
    delete_customer: rfmcubeRoute('delete_customer', base, options.apiKey),
  };
  /** Memory: `<account> customer <e-mail>` → `<fingerprint> <id>` of the customer last merged. */
  const prefix = `${account} customer `;
  const memoryOf = (c: RfmcubeMergeCustomer) => ({
    set: prefix + c.email,
    value: `${customerFingerprint(c)} ${c.id ?? ''}`,
  });
  const known = async (memory: MemoryReader, c: RfmcubeMergeCustomer) =>
    (await memory.get(prefix + c.email)) === memoryOf(c).value;
  const mapOrder = (value: Record<string, unknown>) => splitMapped(toRfmcubeCustomer(plainOrder(value), options));

  return {
    name: 'rfmcube',
    defaultRatePerMinute: RFMCUBE_DEFAULT_RATE_PER_MINUTE,
    rateKey: account,
    check(kind, value) {
      if (kind === 'delete') return { ok: true };
      if (kind === 'customer') {
        const read = rfmcubeCustomerOf(value);
        return 'problems' in read ? read : { ok: true };
      }
      try {
        mapOrder(value);
        return { ok: true };
      } catch (error) {
        if (error instanceof DestinationError) return { problems: [...error.problems] };
        throw error;
      }
    },
    async deliver({ change, memory, ctx, learn }) {
      let retried = 0;
      const requests: string[] = [];
      const send = async (route: RfmcubeRoute, body: unknown): Promise<ChangeResult> => {
        const result = await deliverChange(routes[route], body as Record<string, unknown>, ctx);
        retried += result.retried;
        if (result.status === 'sent') requests.push(route);
        return result;
      };
      const done = (result: ChangeResult, facts: Fact[] = []): { result: Delivered; facts: Fact[] } => ({
        result:
          result.status === 'sent' ? { status: 'sent', retried, duplicate: false, requests } : { ...result, retried },
        facts,
      });

      if (change.kind === 'customer') {
        const read = rfmcubeCustomerOf(change.value);
        if ('problems' in read) return done({ status: 'rejected', reason: read.problems.join('; '), retried: 0 });
        const result = await send('merge_customer', mergeCustomerBody(read.customer, trigger));
        return done(result, result.status === 'sent' ? [memoryOf(read.customer)] : []);
      }

      if (change.kind === 'delete') {
        const result = await send('delete_customer', deleteBody(change.value));
        if (result.status === 'rejected' && result.httpStatus === 404)
          return done({
            ...result,
            reason: `Rfmcube has no such customer (404): already deleted, never sent there, or \`rfmcube.baseUrl\` is wrong (${result.reason})`,
          });
        if (result.status !== 'sent') return done(result);
        // Forgotten, so a later order of theirs merges the customer again.
        const { id, email } = subjectOf('delete', change.value);
        const forget: Fact[] = [];
        for await (const [key, value] of memory.withPrefix(prefix))
          if (key === prefix + email || (id !== undefined && value.slice(value.indexOf(' ') + 1) === id))
            forget.push({ forget: key });
        return done(result, forget);
      }

      const { customer, order } = mapOrder(change.value);
      let merged = false;
      const mergeCustomer = async (): Promise<ChangeResult> => {
        const result = await send('merge_customer', mergeCustomerBody(customer, trigger));
        if (result.status === 'sent') {
          merged = true;
          await learn([memoryOf(customer)]);
        }
        return result;
      };
      if (!(await known(memory, customer))) {
        const result = await mergeCustomer();
        if (result.status !== 'sent') return done(result);
      }
      let result = await send('merge_order', mergeOrderBody(order, customer, trigger));
      // Rfmcube lacks the customer the relay remembers sending (deleted there, or another relay's memory): send them again.
      if (result.status === 'rejected' && result.httpStatus === 404 && !merged) {
        const again = await mergeCustomer();
        if (again.status !== 'sent') return done(again);
        result = await send('merge_order', mergeOrderBody(order, customer, trigger));
      }
      return done(result);
    },
  };
}
