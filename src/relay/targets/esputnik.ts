// eSputnik in a relay. eSputnik keeps an event only for a contact it has (the Generate event page:
// "You can send Generate event only for the existing contact. To send the order for a new contact,
// first import this contact into the system"), so:
//   - an order is one Generate event (`POST /api/v1/event`) of the type that fits
//     (esputnik-event-type.ts), its params naming the contact (`externalCustomerId`, `email`,
//     `phone`), after "Add/update a contact" (`POST /api/v1/contact`) when the relay has not sent
//     that contact in that form;
//   - a customer is "Add/update a contact" (what Yespo-CDP/yespo-shopify
//     app/services/create-contact.server.ts and update-contact.service.ts send);
//   - an erasure by id is `DELETE /api/v1/contact?externalCustomerId=<id>&erase=true` (yespo-shopify
//     app/api/delete-contact.ts; yespo-woocommerce Yespo_Contact.php for GDPR requests); by e-mail
//     alone, "Search for contacts" (`GET /api/v1/contacts?email=`) first, then that erasure for each
//     contact found (the erasure takes an externalCustomerId only).
import type { Answer } from '../../delivery/request.js';
import { deliverChange, type ChangeResult } from '../../sync/deliver-change.js';
import { baseUrl } from '../../sync/destinations/base-url.js';
import { esputnikContactOf, type EsputnikContactRef } from '../../sync/destinations/esputnik/contact.js';
import { esputnik } from '../../sync/destinations/esputnik/descriptor.js';
import { toEsputnikEvent } from '../../sync/destinations/esputnik/map.js';
import { ESPUTNIK_BASE_URL } from '../../sync/destinations/esputnik/options.js';
import type { EsputnikRateClass } from '../../sync/destinations/esputnik/pace.js';
import { rateKeyOf } from '../../sync/destinations/rate-key.js';
import { DestinationError } from '../../sync/errors.js';
import { readOrder } from '../../sync/order/read-order.js';
import { plainOrder, readCustomer, subjectOf } from '../change.js';
import type { Fact } from '../memory.js';
import type { RelayEsputnikOptions } from '../types.js';
import { esputnikEventType } from './esputnik-event-type.js';
import { esputnikFacts } from './esputnik-facts.js';
import { esputnikRoute, type EsputnikCall } from './esputnik-route.js';
import type { Delivered, RelayTarget } from './target.js';

const NO_CONTACT = 'id, email and phone are missing: eSputnik finds a contact by externalCustomerId, e-mail or phone';

/** The contact of a customer change, or every problem. */
function contactOfCustomer(value: Record<string, unknown>): { ref: EsputnikContactRef } | { problems: string[] } {
  const { customer, problems } = readCustomer(value);
  const ref = esputnikContactOf(customer);
  if (!ref && !problems.some((p) => p.startsWith('email '))) problems.push(NO_CONTACT);
  return problems.length > 0 || !ref ? { problems } : { ref };
}

/** The contacts a search answered (`GET /v1/contacts`: a list of contacts). */
function foundContacts(answer: Answer | undefined): Array<{ id?: unknown; externalCustomerId?: unknown }> {
  try {
    const body: unknown = JSON.parse(answer?.text ?? '[]');
    const list = Array.isArray(body) ? body : (body as { contacts?: unknown })?.contacts;
    return Array.isArray(list) ? list : [];
  } catch {
    return [];
  }
}

export function esputnikTarget(options: RelayEsputnikOptions): RelayTarget {
  // The sync's checks of the key, address and options, with the same messages.
  esputnik.create(options, { dryRun: false, now: 0 });
  const base = baseUrl(options.baseUrl, ESPUTNIK_BASE_URL, 'esputnik.baseUrl');
  const account = rateKeyOf('esputnik', base, options.apiKey);
  const facts = esputnikFacts(account);
  const route = (kind: EsputnikRateClass, onAnswer?: (answer: Answer) => void) =>
    esputnikRoute(base, options.apiKey, account, kind, onAnswer);
  const rest = route('rest');
  const events = route('events');

  return {
    name: 'esputnik',
    rateKey: account,
    check(kind, value) {
      if (kind === 'delete') return { ok: true };
      if (kind === 'customer') {
        const read = contactOfCustomer(value);
        return 'problems' in read ? read : { ok: true };
      }
      try {
        toEsputnikEvent(plainOrder(value), options);
        return { ok: true };
      } catch (error) {
        if (error instanceof DestinationError) return { problems: [...error.problems] };
        throw error;
      }
    },
    async deliver({ change, memory, ctx, learn }) {
      let retried = 0;
      const requests: string[] = [];
      const send = async (name: string, call: EsputnikCall, to = rest): Promise<ChangeResult> => {
        const result = await deliverChange(to, call as unknown as Record<string, unknown>, ctx);
        retried += result.retried;
        if (result.status === 'sent') requests.push(name);
        return result;
      };
      const done = (result: ChangeResult, learned: Fact[] = []): { result: Delivered; facts: Fact[] } => ({
        result:
          result.status === 'sent' ? { status: 'sent', retried, duplicate: false, requests } : { ...result, retried },
        facts: learned,
      });
      const upsert = (ref: EsputnikContactRef) =>
        send('contact', { method: 'POST', path: 'contact', body: ref.contact });

      if (change.kind === 'customer') {
        const read = contactOfCustomer(change.value);
        if ('problems' in read) return done({ status: 'rejected', reason: read.problems.join('; '), retried: 0 });
        const result = await upsert(read.ref);
        return done(result, result.status === 'sent' ? [facts.contact(read.ref)] : []);
      }

      if (change.kind === 'delete') {
        const { id, email } = subjectOf('delete', change.value);
        const erase = (externalCustomerId: string) =>
          send('erase', {
            method: 'DELETE',
            path: `contact?externalCustomerId=${encodeURIComponent(externalCustomerId)}&erase=true`,
          });
        let result: ChangeResult;
        if (id !== undefined) {
          result = await erase(id);
          if (result.status === 'rejected' && result.httpStatus === 404)
            result = {
              ...result,
              reason: `eSputnik has no contact with externalCustomerId ${JSON.stringify(id)} (404): already erased, never sent there, or \`esputnik.baseUrl\` is wrong (${result.reason})`,
            };
        } else {
          let answer: Answer | undefined;
          const search = route('rest', (a) => {
            answer = a;
          });
          result = await send(
            'search',
            { method: 'GET', path: `contacts?email=${encodeURIComponent(email ?? '')}` },
            search,
          );
          const found = result.status === 'sent' ? foundContacts(answer) : [];
          if (result.status === 'sent' && found.length === 0)
            result = {
              status: 'rejected',
              reason: `eSputnik has no contact with the e-mail ${JSON.stringify(email)}: already erased, or never sent there`,
              retried: 0,
            };
          const without: string[] = [];
          for (const contact of found) {
            const externalId =
              typeof contact.externalCustomerId === 'string' && contact.externalCustomerId !== ''
                ? contact.externalCustomerId
                : typeof contact.externalCustomerId === 'number'
                  ? String(contact.externalCustomerId)
                  : undefined;
            if (externalId === undefined) {
              without.push(String(contact.id ?? '?'));
              continue;
            }
            result = await erase(externalId);
            if (result.status !== 'sent') break;
          }
          if (result.status === 'sent' && without.length > 0)
            result = {
              status: 'rejected',
              reason: `eSputnik erases a contact by its externalCustomerId only, and contact ${without.join(', ')} with the e-mail ${JSON.stringify(email)} has none: erase it in eSputnik itself${requests.includes('erase') ? ' (the others with this e-mail were erased)' : ''}`,
              retried: 0,
            };
        }
        // Forgotten, so a later order of theirs creates the contact again.
        const forget =
          result.status === 'sent' || requests.includes('erase')
            ? await facts.forget(memory, {
                ...(id === undefined ? {} : { id }),
                ...(email === undefined ? {} : { email }),
              })
            : [];
        return done(result, forget);
      }

      const order = plainOrder(change.value);
      const mapped = toEsputnikEvent(order, options);
      const orderId = mapped.params.find((p) => p.name === 'externalOrderId')!.value;
      const status = mapped.params.find((p) => p.name === 'status')?.value;
      const eventType =
        options.eventType ?? esputnikEventType((await memory.get(facts.order(orderId))) !== undefined, status);
      const ref = esputnikContactOf(readOrder(order).order.customer)!;
      if (!(await facts.knows(memory, ref))) {
        const created = await upsert(ref);
        if (created.status !== 'sent') return done(created);
        await learn([facts.contact(ref)]);
      }
      const result = await send(
        eventType,
        { method: 'POST', path: 'event', body: { ...mapped, eventTypeKey: eventType } },
        events,
      );
      return done(result, result.status === 'sent' ? [{ set: facts.order(orderId), value: '1' }] : []);
    },
  };
}
