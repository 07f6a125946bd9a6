// The eSputnik emulator under `/esputnik/api/v1/`: a copy of the service, not of cartbeacon's client.
//   POST event          Generate event: kept only for a contact eSputnik has, else answered 200 and
//                       ignored (the Generate event page: "You can send Generate event only for the
//                       existing contact"); orderDelivered / orderCancelled of an unknown order ignored
//                       ("If the order does not exist, it is ignored"); 20 KB an event
//   POST past_events    Generate past events, up to 500, each with `occurred`; ignored like events
//                       without their contact ("Sending Past Events": "pre-import the contact list")
//   POST orders         Add orders, up to 1,000 ("Orders automation"); an order is linked to its contact
//                       by externalCustomerId, email or phone, and ignored without one eSputnik has
//                       (see README: whether eSputnik itself creates the contact is not documented)
//   POST contact        Add/update a contact: creates or updates one contact, answers its id
//   POST contacts       Add/update contacts: up to 3,000, `dedupeOn`, asynchronous: answers an
//                       asyncSessionId, applied when `GET importstatus/{id}` reports FINISHED
//   GET  contacts       Search for contacts by `email`, `sms` or `externalCustomerId`
//   DELETE contact      Delete contact by externalCustomerId, `erase=true` erasing it and its data
// Every route: HTTP Basic with the key as the password (401 otherwise), and 429 past the rate limits.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import {
  ESPUTNIK_EVENTS_PER_SECOND,
  ESPUTNIK_MAX_CONTACTS_PER_REQUEST,
  ESPUTNIK_MAX_EVENT_BYTES,
  ESPUTNIK_MAX_ORDERS_PER_REQUEST,
  ESPUTNIK_MAX_PAST_EVENTS_PER_REQUEST,
  ESPUTNIK_PAST_EVENTS_PER_SECOND,
  ESPUTNIK_REST_PER_SECOND,
} from '../../sync/destinations/esputnik/limits.js';
import { isRecord } from '../decode.js';
import { sendError, sendJson } from '../respond.js';
import type { EventStore } from '../store.js';
import { readJson, record } from './answer.js';
import { ContactBook, contactIdentifiers, describeIdentifiers, type DedupeOn } from './esputnik-contacts.js';
import {
  checkContact,
  checkEvent,
  checkPastEvent,
  orderProblems,
  type CheckedContact,
  type CheckedEvent,
} from './esputnik-validate.js';
import { RateWindow } from './rate-window.js';
import type {
  EmulatorRequest,
  EsputnikContactState,
  EsputnikEmulatorOptions,
  EsputnikEmulatorState,
  EsputnikImportState,
} from './types.js';

export const ESPUTNIK_PREFIX = '/esputnik/api/v1';
/** The Generate event route, as the collector's messages name it. */
export const ESPUTNIK_EVENT_PATH = `${ESPUTNIK_PREFIX}/event`;
/** eSputnik's documented 20 KB per event. */
const DEFAULT_MAX_EVENT_BYTES = ESPUTNIK_MAX_EVENT_BYTES;
/**
 * eSputnik documents no byte limit for its bulk resources (contacts, orders, past events): the
 * emulator reads at most 32 MB of one (413 beyond) to bound its own memory. 1,000 orders of the
 * documented fixture are about 2.5 MB.
 */
const MAX_BULK_BYTES = 32 * 1024 * 1024;
/** A request of up to 256 KB is shown whole in the viewer; a larger one by its counts. */
const SHOW_WHOLE_BYTES = 256 * 1024;
/** Reasons listed as warnings of one viewer entry (the rest are counted). */
const MAX_WARNINGS = 20;
const DEDUPE_ON: ReadonlySet<string> = new Set(['externalCustomerId', 'email', 'sms']);

type Kind = 'events' | 'pastEvents' | 'rest';

function basicPassword(header: string | undefined): string | undefined {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(header ?? '');
  if (!match) return undefined;
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? undefined : decoded.slice(colon + 1);
}

/** A contact as eSputnik shows it (search answers). */
function shown(c: EsputnikContactState): Record<string, unknown> {
  const channels = [
    ...(c.email === undefined ? [] : [{ type: 'email', value: c.email }]),
    ...(c.phone === undefined ? [] : [{ type: 'sms', value: c.phone }]),
  ];
  return {
    id: c.id,
    ...(c.externalCustomerId === undefined ? {} : { externalCustomerId: c.externalCustomerId }),
    ...(c.firstName === undefined ? {} : { firstName: c.firstName }),
    ...(c.lastName === undefined ? {} : { lastName: c.lastName }),
    channels,
  };
}

const who = (c: EsputnikContactState) => c.email ?? c.phone ?? c.externalCustomerId ?? String(c.id);
const plural = (n: number, word: string) => `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;

export class EsputnikEmulator {
  readonly state: EsputnikEmulatorState = {
    requests: [],
    events: [],
    ignored: [],
    orders: new Map(),
    contacts: new Map(),
    imports: new Map(),
  };
  private readonly book = new ContactBook(this.state.contacts);
  /** Contacts of imports not finished yet, by asyncSessionId. */
  private readonly pendingImports = new Map<
    string,
    { contacts: CheckedContact[]; dedupeOn: DedupeOn; restoreDeleted: boolean }
  >();
  private readonly windows: Record<Kind, RateWindow>;

  constructor(
    private readonly options: EsputnikEmulatorOptions,
    private readonly store: EventStore,
  ) {
    const windowMs = options.windowMs ?? 1_000;
    const per = options.perSecond ?? {};
    this.windows = {
      events: new RateWindow(per.events ?? ESPUTNIK_EVENTS_PER_SECOND, windowMs),
      pastEvents: new RateWindow(per.pastEvents ?? ESPUTNIK_PAST_EVENTS_PER_SECOND, windowMs),
      rest: new RateWindow(per.rest ?? ESPUTNIK_REST_PER_SECOND, windowMs),
    };
  }

  private get keyChecked(): boolean {
    return this.options.apiKey !== undefined;
  }

  /** Answers a request whose path starts with `/esputnik/api/v1/`. */
  async handle(req: IncomingMessage, res: ServerResponse, path: string, query: URLSearchParams): Promise<void> {
    const route = path.slice(ESPUTNIK_PREFIX.length + 1);
    const entry: EmulatorRequest = {
      at: Date.now(),
      method: req.method ?? '',
      path: `/api/v1/${route}${query.size > 0 ? `?${query}` : ''}`,
      status: 0,
      bytes: 0,
    };
    this.state.requests.push(entry);
    const answer = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      entry.status = status;
      sendJson(res, status, body, headers);
    };
    const fail = (status: number, error: string, headers: Record<string, string> = {}) => {
      entry.status = status;
      sendError(res, status, error, headers);
    };
    const password = basicPassword(req.headers.authorization);
    if (!password || (this.options.apiKey !== undefined && password !== this.options.apiKey)) {
      return fail(401, 'HTTP Basic authentication with the API key as the password is required', {
        'WWW-Authenticate': 'Basic realm="eSputnik"',
      });
    }
    const importStatus = /^importstatus\/([^/]+)$/.exec(route);
    const known = ['event', 'past_events', 'orders', 'contact', 'contacts'].includes(route) || importStatus;
    if (!known)
      return fail(
        404,
        `nothing at ${ESPUTNIK_PREFIX}/${route}: the emulator has event, past_events, orders, contact, contacts, importstatus/{id}`,
      );
    const kind: Kind = route === 'event' ? 'events' : route === 'past_events' ? 'pastEvents' : 'rest';
    const slot = this.windows[kind].take(entry.at);
    if (!slot.ok)
      return fail(
        429,
        `too many requests: eSputnik takes ${kind === 'rest' ? 'at most so many' : kind} requests a second`,
        {
          'Retry-After': String(Math.max(1, Math.ceil(slot.retryAfterMs / 1000))),
        },
      );

    const method = req.method ?? '';
    const allowed = (methods: string[]) => {
      if (methods.includes(method)) return true;
      fail(405, `use ${methods.join(' or ')} ${ESPUTNIK_PREFIX}/${route}`, { Allow: methods.join(', ') });
      return false;
    };

    if (importStatus) {
      if (!allowed(['GET'])) return;
      const session = this.state.imports.get(decodeURIComponent(importStatus[1]!));
      if (!session) return fail(404, `no import session ${importStatus[1]}`);
      await this.advance(session);
      return answer(200, { status: session.status });
    }
    if (route === 'contacts' && method === 'GET') {
      const q: { email?: string; sms?: string; externalCustomerId?: string } = {};
      for (const name of ['email', 'sms', 'externalCustomerId'] as const) {
        const v = query.get(name);
        if (v !== null && v !== '') q[name] = v;
      }
      return answer(200, this.book.search(q).map(shown));
    }
    if (route === 'contact' && method === 'DELETE') return this.deleteContact(query, answer, fail);
    if (!allowed(['POST'])) return;

    const maxBytes = route === 'event' ? (this.options.maxEventBytes ?? DEFAULT_MAX_EVENT_BYTES) : MAX_BULK_BYTES;
    const body = await readJson(req, maxBytes, 413, route === 'event' ? 'Generate event' : `eSputnik ${route}`);
    entry.bytes = body.bytes;
    if (!body.ok) return fail(body.status, body.error, body.status === 413 ? { Connection: 'close' } : {});
    const value = body.value;
    const big = body.bytes > SHOW_WHOLE_BYTES;
    if (route === 'event') return this.event(value, answer);
    if (route === 'past_events') return this.pastEvents(value, big, answer);
    if (route === 'orders') return this.orders(value, big, answer);
    if (route === 'contact') return this.contact(value, answer);
    return this.contacts(value, big, answer);
  }

  /** The contact an event is for, or why eSputnik would not keep it. */
  private contactOf(event: CheckedEvent): EsputnikContactState | { reason: string } {
    const identifiers = contactIdentifiers(event.params);
    const found = this.book.find(identifiers);
    return (
      found ?? {
        reason: `eSputnik has no contact with ${describeIdentifiers(identifiers)}: an event is kept only for an existing contact (import the contact first)`,
      }
    );
  }

  /** Applies an order event to the orders (documented: delivered / cancelled of an unknown order is ignored). */
  private applyOrderEvent(event: CheckedEvent, contact: EsputnikContactState): string | undefined {
    const orderId = event.params.externalOrderId;
    if (orderId === undefined) return undefined;
    const existing = this.state.orders.get(orderId);
    if (event.eventTypeKey === 'orderCreated' || event.eventTypeKey === 'orderUpdated') {
      this.state.orders.set(orderId, { ...existing, ...event.params, contactId: contact.id });
    } else if (event.eventTypeKey === 'orderDelivered' || event.eventTypeKey === 'orderCancelled') {
      if (!existing)
        return 'no such order: orderDelivered / orderCancelled of an order eSputnik does not have is ignored';
      existing.status = event.eventTypeKey === 'orderDelivered' ? 'DELIVERED' : 'CANCELLED';
    }
    return undefined;
  }

  private async event(value: unknown, answer: (status: number, body: unknown) => void): Promise<void> {
    const checked = checkEvent(value);
    if ('problems' in checked) return answer(400, { error: 'invalid event', errors: checked.problems });
    const { event } = checked;
    const contact = this.contactOf(event);
    const reason = 'reason' in contact ? contact.reason : this.applyOrderEvent(event, contact);
    if (reason === undefined && !('reason' in contact)) this.state.events.push({ ...event, contactId: contact.id });
    else
      this.state.ignored.push({
        kind: 'event',
        eventTypeKey: event.eventTypeKey,
        ...(event.params.externalOrderId === undefined ? {} : { externalOrderId: event.params.externalOrderId }),
        reason: reason!,
      });
    const p = event.params;
    await record(
      this.store,
      `esputnik.${event.eventTypeKey}`,
      'esputnik',
      {
        orderId: p.externalOrderId,
        amount: p.totalCost,
        currency: p.currency,
        status: p.status,
        ...(reason === undefined ? {} : { name: `ignored: ${reason}`, ignored: reason }),
      },
      value,
      event.keyValue,
      this.keyChecked,
      reason === undefined ? [] : [`ignored: ${reason}`],
    );
    answer(200, { status: 'ok' });
  }

  private async pastEvents(
    value: unknown,
    big: boolean,
    answer: (status: number, body: unknown) => void,
  ): Promise<void> {
    const list = isRecord(value) ? value.events : undefined;
    if (!Array.isArray(list)) return answer(400, { error: 'the body must be { events: [ … ] }' });
    if (list.length > ESPUTNIK_MAX_PAST_EVENTS_PER_REQUEST)
      return answer(400, {
        error: `at most ${ESPUTNIK_MAX_PAST_EVENTS_PER_REQUEST} past events a request (got ${list.length})`,
      });
    const errors: string[] = [];
    const checked = list.map((e, i) => {
      const c = checkPastEvent(e);
      if ('problems' in c) errors.push(...c.problems.map((p) => `events[${i}]: ${p}`));
      return c;
    });
    if (errors.length > 0) return answer(400, { error: 'invalid past events', errors: errors.slice(0, 100) });
    const ignored: string[] = [];
    for (const c of checked) {
      if ('problems' in c) continue;
      const contact = this.contactOf(c.event);
      const reason = 'reason' in contact ? contact.reason : this.applyOrderEvent(c.event, contact);
      if (reason === undefined && !('reason' in contact)) this.state.events.push({ ...c.event, contactId: contact.id });
      else {
        ignored.push(reason!);
        this.state.ignored.push({
          kind: 'past_event',
          eventTypeKey: c.event.eventTypeKey,
          ...(c.event.params.externalOrderId === undefined ? {} : { externalOrderId: c.event.params.externalOrderId }),
          reason: reason!,
        });
      }
    }
    await this.show(
      'past_events',
      `${plural(list.length, 'past event')} · ${plural(list.length - ignored.length, 'kept')}`,
      value,
      big,
      ignored,
    );
    answer(200, { status: 'ok' });
  }

  private async orders(value: unknown, big: boolean, answer: (status: number, body: unknown) => void): Promise<void> {
    const list = isRecord(value) ? value.orders : undefined;
    if (!Array.isArray(list)) return answer(400, { error: 'the body must be { orders: [ … ] }' });
    if (list.length > ESPUTNIK_MAX_ORDERS_PER_REQUEST)
      return answer(400, { error: `at most ${ESPUTNIK_MAX_ORDERS_PER_REQUEST} orders a request (got ${list.length})` });
    const failedOrders: Array<{ externalOrderId?: unknown; error: string }> = [];
    const ignored: string[] = [];
    let kept = 0;
    for (const order of list) {
      const problems = orderProblems(order);
      const o = order as Record<string, unknown>;
      if (problems.length > 0) {
        failedOrders.push({
          ...(isRecord(order) ? { externalOrderId: o.externalOrderId } : {}),
          error: problems.join('; '),
        });
        continue;
      }
      const identifiers: CheckedContact = {};
      if (typeof o.externalCustomerId === 'string' && o.externalCustomerId !== '')
        identifiers.externalCustomerId = o.externalCustomerId;
      if (typeof o.email === 'string' && o.email !== '') identifiers.email = o.email.toLowerCase();
      if (typeof o.phone === 'string' && o.phone !== '') identifiers.phone = o.phone;
      const contact = this.book.find(identifiers);
      if (!contact) {
        const reason = `eSputnik has no contact with ${describeIdentifiers(identifiers)}: order ${String(o.externalOrderId)} is on no contact`;
        ignored.push(reason);
        this.state.ignored.push({ kind: 'order', externalOrderId: String(o.externalOrderId), reason });
        continue;
      }
      this.state.orders.set(String(o.externalOrderId), { ...o, contactId: contact.id });
      kept++;
    }
    await this.show(
      'orders',
      `${plural(list.length, 'order')} · ${plural(kept, 'kept')}${failedOrders.length ? ` · ${failedOrders.length} failed` : ''}`,
      value,
      big,
      [
        ...failedOrders.map((f) => `failed: ${String(f.externalOrderId)}: ${f.error}`),
        ...ignored.map((r) => `ignored: ${r}`),
      ],
    );
    answer(200, failedOrders.length > 0 ? { failedOrders } : {});
  }

  private async contact(value: unknown, answer: (status: number, body: unknown) => void): Promise<void> {
    const checked = checkContact(value);
    if ('problems' in checked) return answer(400, { error: 'invalid contact', errors: checked.problems });
    const result = this.book.upsert(checked.contact, 'any', true);
    if ('skipped' in result) return answer(400, { error: result.skipped });
    await record(
      this.store,
      'esputnik.contact',
      'esputnik',
      { name: `${who(result.state)} · ${result.outcome}` },
      value,
      who(result.state),
      this.keyChecked,
    );
    answer(200, { id: result.state.id });
  }

  private async contacts(value: unknown, big: boolean, answer: (status: number, body: unknown) => void): Promise<void> {
    const body = isRecord(value) ? value : {};
    const list = body.contacts;
    if (!Array.isArray(list)) return answer(400, { error: 'the body must be { contacts: [ … ], dedupeOn }' });
    if (list.length > ESPUTNIK_MAX_CONTACTS_PER_REQUEST)
      return answer(400, {
        error: `at most ${ESPUTNIK_MAX_CONTACTS_PER_REQUEST} contacts a request (got ${list.length})`,
      });
    const dedupeOn = body.dedupeOn ?? 'email';
    if (typeof dedupeOn !== 'string' || !DEDUPE_ON.has(dedupeOn))
      return answer(400, { error: `dedupeOn must be one of ${[...DEDUPE_ON].join(', ')}` });
    const failedContacts: Array<{ contact: unknown; error: string }> = [];
    const contacts: CheckedContact[] = [];
    for (const c of list) {
      const checked = checkContact(c);
      if ('problems' in checked) failedContacts.push({ contact: c, error: checked.problems.join('; ') });
      else contacts.push(checked.contact);
    }
    const id = randomUUID();
    this.state.imports.set(id, {
      id,
      status: 'IN_PROGRESS',
      polls: 0,
      total: contacts.length,
      created: 0,
      updated: 0,
      skipped: 0,
    });
    this.pendingImports.set(id, {
      contacts,
      dedupeOn: dedupeOn as DedupeOn,
      restoreDeleted: body.restoreDeleted === true,
    });
    await this.show(
      'contacts',
      `${plural(list.length, 'contact')} · import ${id.slice(0, 8)}${failedContacts.length ? ` · ${failedContacts.length} failed` : ''}`,
      value,
      big,
      failedContacts.map((f) => `failed: ${f.error}`),
    );
    answer(200, { asyncSessionId: id, ...(failedContacts.length > 0 ? { failedContacts } : {}) });
  }

  /** Each poll brings an import closer; the last one applies it and reports FINISHED. */
  private async advance(session: EsputnikImportState): Promise<void> {
    if (session.status === 'FINISHED') return;
    session.polls++;
    if (session.polls < Math.max(1, this.options.pollsToFinish ?? 2)) return;
    const pending = this.pendingImports.get(session.id);
    this.pendingImports.delete(session.id);
    for (const c of pending?.contacts ?? []) {
      const result = this.book.upsert(c, pending!.dedupeOn, pending!.restoreDeleted);
      if ('skipped' in result) session.skipped++;
      else if (result.outcome === 'new') session.created++;
      else session.updated++;
    }
    session.status = 'FINISHED';
    await record(
      this.store,
      'esputnik.import',
      'esputnik',
      {
        name: `import ${session.id.slice(0, 8)} finished · ${session.created} new · ${session.updated} updated${session.skipped ? ` · ${session.skipped} skipped (deleted)` : ''}`,
      },
      { asyncSessionId: session.id, status: session.status },
      undefined,
      this.keyChecked,
    );
  }

  private async deleteContact(
    query: URLSearchParams,
    answer: (status: number, body: unknown) => void,
    fail: (status: number, error: string) => void,
  ): Promise<void> {
    const externalCustomerId = query.get('externalCustomerId');
    if (!externalCustomerId) return fail(400, 'externalCustomerId is required');
    const erase = query.get('erase') === 'true';
    const contact = this.book.byExternalId(externalCustomerId);
    if (!contact || (contact.deleted && !erase))
      return fail(404, `no contact with externalCustomerId ${externalCustomerId}`);
    let orders = 0;
    if (erase) {
      for (const [id, order] of this.state.orders)
        if (order.contactId === contact.id) {
          this.state.orders.delete(id);
          orders++;
        }
      const kept = this.state.events.filter((e) => e.contactId !== contact.id);
      this.state.events.splice(0, this.state.events.length, ...kept);
    }
    this.book.remove(contact, erase);
    await record(
      this.store,
      'esputnik.delete_contact',
      'esputnik',
      { name: `${who(contact)} · ${erase ? `erased with ${plural(orders, 'order')}` : 'deleted'}` },
      { externalCustomerId, erase },
      who(contact),
      this.keyChecked,
    );
    answer(200, {});
  }

  /** A bulk request in the viewer: whole when small, else its counts; what was not kept as warnings. */
  private show(route: string, name: string, value: unknown, big: boolean, warnings: string[]): Promise<void> {
    const listed = warnings.slice(0, MAX_WARNINGS);
    if (warnings.length > MAX_WARNINGS) listed.push(`… and ${warnings.length - MAX_WARNINGS} more`);
    return record(
      this.store,
      `esputnik.${route}`,
      'esputnik',
      { name, ...(warnings.length > 0 ? { ignored: warnings.length } : {}) },
      big ? { shown: 'too large to show whole' } : value,
      undefined,
      this.keyChecked,
      listed,
    );
  }
}
