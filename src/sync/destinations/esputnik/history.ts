// The eSputnik destination of a history sync. eSputnik keeps an order only for a contact it already
// has ("You can send Generate event only for the existing contact. To send the order for a new
// contact, first import this contact into the system"; "Sending Past Events": "To assign events to
// users, pre-import the contact list"), so each group of orders goes in two steps, as eSputnik's
// own plugins do (yespo-woocommerce exports users before orders):
//   1. prepare: the group's contacts not imported yet in this run, with "Add/update contacts"
//      (`POST /v1/contacts`, up to 3,000, deduplicated on `externalCustomerId`, else `email`, else
//      `sms`), followed through `GET /v1/importstatus/{asyncSessionId}` until eSputnik says FINISHED;
//   2. deliver: the orders, with "Add orders" (`POST /v1/orders`, 1,000 a request) or "Generate past
//      events" (`POST /v1/past_events`, 500 a request).
// Each request kind is paced at eSputnik's own limit (pace.ts).
import {
  deliverItems,
  type DeliveryPlan,
  type DeliveryResult,
  type Rejection,
} from '../../../delivery/deliver-items.js';
import {
  DeliveryStopped,
  describeAnswer,
  requestWithRetries,
  type Answer,
  type RequestContext,
} from '../../../delivery/request.js';
import { sleep } from '../../../delivery/sleep.js';
import { SyncError } from '../../../server/errors.js';
import type { Destination } from '../../destination.js';
import { reasonOf } from '../../errors.js';
import { orderOfLine } from '../../order/order-line.js';
import { baseUrl } from '../base-url.js';
import { rateKeyOf } from '../rate-key.js';
import type { EsputnikContactRef, EsputnikDedupeOn } from './contact.js';
import { ESPUTNIK_CONFIG_HINT, esputnikHeaders, esputnikUrl } from './http.js';
import {
  ESPUTNIK_FIRST_POLL_MS,
  ESPUTNIK_MAX_CONTACTS_PER_REQUEST,
  ESPUTNIK_MAX_ORDERS_PER_REQUEST,
  ESPUTNIK_MAX_PAST_EVENTS_PER_REQUEST,
  ESPUTNIK_POLL_INTERVAL_MS,
  ESPUTNIK_POLL_TIMEOUT_MS,
} from './limits.js';
import { toEsputnikHistoryItem, type EsputnikHistoryItem } from './map.js';
import { ESPUTNIK_BASE_URL, type EsputnikOptions } from './options.js';
import { pacedFor } from './pace.js';

/** The one import status eSputnik's pages name as the end ("until status is FINISHED"). */
const FINISHED = 'FINISHED';
/** Statuses that can only mean the import did not happen; any other one is waited out, never taken for success. */
const FAILED = new Set(['ERROR', 'FAILED', 'CANCELLED', 'CANCELED', 'ABORTED']);
/** Contacts imported, one per key, remembered for the run; beyond this the oldest are forgotten (imported again if met). */
const MAX_REMEMBERED_CONTACTS = 1_000_000;
/** Strongest identifier first: an e-mail-only contact then finds the one just imported with its id. */
const DEDUPE_ORDER: readonly EsputnikDedupeOn[] = ['externalCustomerId', 'email', 'sms'];

function json(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Entries of an answer's `failedContacts` / `failedOrders` (yespo-shopify: "object | object[]"). */
function entries(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

const text = (v: unknown): string | undefined =>
  typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : undefined;

/** The keys a failed-contact entry names: its id, e-mail or phone, wherever the entry keeps them. */
function failedContactKeys(entry: unknown): string[] {
  if (entry === null || typeof entry !== 'object') return [];
  const record = entry as Record<string, unknown>;
  const contact = (record.contact && typeof record.contact === 'object' ? record.contact : record) as Record<
    string,
    unknown
  >;
  const keys: string[] = [];
  const id = text(contact.externalCustomerId);
  if (id !== undefined) keys.push(`id ${id}`);
  for (const channel of entries(contact.channels)) {
    const c = channel as { type?: unknown; value?: unknown };
    const value = text(c?.value);
    if (value === undefined) continue;
    if (c.type === 'email') keys.push(`email ${value.toLowerCase()}`);
    if (c.type === 'sms') keys.push(`sms ${value}`);
  }
  return keys;
}

const why = (entry: unknown): string => {
  const record = entry && typeof entry === 'object' ? (entry as Record<string, unknown>) : {};
  const reason = record.error ?? record.errors ?? record.message ?? entry;
  return (typeof reason === 'string' ? reason : JSON.stringify(reason)).slice(0, 200);
};

export function esputnikHistory(options: EsputnikOptions | undefined): Destination<EsputnikHistoryItem> {
  if (!options) throw new SyncError('the eSputnik options are missing: pass `esputnik: { apiKey }`');
  if (typeof options.apiKey !== 'string' || options.apiKey === '') {
    throw new SyncError('the eSputnik API key is missing: pass `esputnik.apiKey`');
  }
  const via = options.history ?? 'orders';
  if (via !== 'orders' && via !== 'pastEvents')
    throw new SyncError(
      "`esputnik.history` is 'orders' (Add orders, the default) or 'pastEvents' (Generate past events)",
    );
  const base = baseUrl(options.baseUrl, ESPUTNIK_BASE_URL, 'esputnik.baseUrl');
  const headers = esputnikHeaders(options.apiKey);
  const account = rateKeyOf('esputnik', base, options.apiKey);
  const pollIntervalMs = options.pollIntervalMs ?? ESPUTNIK_POLL_INTERVAL_MS;
  const pollTimeoutMs = options.pollTimeoutMs ?? ESPUTNIK_POLL_TIMEOUT_MS;
  /** Contact key → why eSputnik did not import it (undefined: imported and finished), for this run. */
  const imported = new Map<string, Promise<string | undefined>>();
  /** Contacts in imports eSputnik has not finished, by asyncSessionId, for progress. */
  const running = new Map<string, number>();

  /** Asks about one import session until eSputnik says FINISHED (or that it failed). */
  async function follow(
    sessionId: string,
    refs: EsputnikContactRef[],
    ctx: RequestContext,
  ): Promise<DeliveryResult<EsputnikContactRef>> {
    const request = {
      method: 'GET' as const,
      url: esputnikUrl(base, `importstatus/${encodeURIComponent(sessionId)}`),
      headers,
    };
    const started = Date.now();
    let retried = 0;
    let last = 'unknown';
    running.set(sessionId, refs.length);
    try {
      for (let poll = 0; ; poll++) {
        await sleep(poll === 0 ? Math.min(ESPUTNIK_FIRST_POLL_MS, pollIntervalMs) : pollIntervalMs, ctx.signal);
        const polled = await requestWithRetries(request, ctx);
        retried += polled.retried;
        if (polled.verdict !== 'ok') {
          throw new DeliveryStopped(
            `${describeAnswer(polled.answer, request)}: cannot follow contact import ${sessionId}; ${ESPUTNIK_CONFIG_HINT}`,
            polled.answer.status,
          );
        }
        const body = json(polled.answer.text) as { status?: unknown; error?: unknown } | undefined;
        const status = typeof body?.status === 'string' ? body.status.toUpperCase() : '';
        last = status || polled.answer.text.slice(0, 80) || 'no status';
        if (status === FINISHED) return { delivered: refs.length, rejected: [], retried };
        if (FAILED.has(status))
          return {
            delivered: 0,
            rejected: [
              {
                events: refs,
                reason: `eSputnik's contact import ${sessionId} ended ${status}: ${polled.answer.text.slice(0, 200)}`,
              },
            ],
            retried,
          };
        // Any other status (or none) is eSputnik still working, or saying something its pages do not
        // name: it is waited out, never taken for success.
        if (Date.now() - started > pollTimeoutMs) {
          throw new DeliveryStopped(
            `eSputnik's contact import ${sessionId} is still ${JSON.stringify(last)} after ${Math.round(pollTimeoutMs / 1000)} s: resume the sync later (\`resume: true\`; contact imports are upserts)`,
          );
        }
      }
    } finally {
      running.delete(sessionId);
    }
  }

  const contactsPlan = (dedupeOn: EsputnikDedupeOn, ctx: RequestContext): DeliveryPlan<EsputnikContactRef> => ({
    request: (refs) => ({
      method: 'POST',
      url: esputnikUrl(base, 'contacts'),
      headers,
      body: JSON.stringify({ contacts: refs.map((r) => r.contact), dedupeOn }),
    }),
    configHint: ESPUTNIK_CONFIG_HINT,
    accepted: async (answer: Answer, refs) => {
      const body = json(answer.text) as { asyncSessionId?: unknown; failedContacts?: unknown } | undefined;
      const failed = new Map<string, string>();
      for (const entry of entries(body?.failedContacts))
        for (const key of failedContactKeys(entry)) failed.set(key, why(entry));
      const refused = refs.filter((r) => failed.has(r.key));
      const taken = refs.filter((r) => !failed.has(r.key));
      const rejected: Rejection<EsputnikContactRef>[] = refused.map((r) => ({
        events: [r],
        reason: `eSputnik refused the contact (${failed.get(r.key)})`,
      }));
      const sessionId = text(body?.asyncSessionId);
      if (sessionId === undefined || taken.length === 0) return { delivered: taken.length, rejected, retried: 0 };
      const followed = await follow(sessionId, taken, ctx);
      return { ...followed, rejected: [...rejected, ...followed.rejected] };
    },
  });

  /** Imports contacts, strongest identifier first; each group finished before the next starts. */
  async function importContacts(refs: EsputnikContactRef[], ctx: RequestContext): Promise<Map<string, string>> {
    const failures = new Map<string, string>();
    for (const dedupeOn of DEDUPE_ORDER) {
      const group = refs.filter((r) => r.dedupeOn === dedupeOn);
      for (const chunk of chunks(group, ESPUTNIK_MAX_CONTACTS_PER_REQUEST)) {
        const result = await deliverItems(chunk, ctx, contactsPlan(dedupeOn, ctx));
        for (const { events, reason } of result.rejected) for (const r of events) failures.set(r.key, reason);
      }
    }
    return failures;
  }

  const ordersUrl = esputnikUrl(base, via === 'orders' ? 'orders' : 'past_events');
  const ordersPlan: DeliveryPlan<EsputnikHistoryItem> = {
    request: (items) => ({
      method: 'POST',
      url: ordersUrl,
      headers,
      body: JSON.stringify(
        via === 'orders'
          ? { orders: items.map((i) => (i.via === 'orders' ? i.order : undefined)) }
          : { events: items.map((i) => (i.via === 'pastEvents' ? i.event : undefined)) },
      ),
    }),
    configHint: ESPUTNIK_CONFIG_HINT,
    accepted: (answer, items) => {
      // Add orders answers the orders it could not take in `failedOrders` (yespo-shopify counts them).
      const body = json(answer.text) as { failedOrders?: unknown } | undefined;
      const failed = new Map<string, string>();
      for (const entry of entries(body?.failedOrders)) {
        const id = text((entry as { externalOrderId?: unknown } | null)?.externalOrderId);
        if (id !== undefined) failed.set(id, why(entry));
      }
      const orderId = (i: EsputnikHistoryItem) =>
        i.via === 'orders' ? i.order.externalOrderId : i.event.params[0]?.value;
      const refused = items.filter((i) => failed.has(orderId(i) ?? ''));
      return {
        delivered: items.length - refused.length,
        rejected: refused.map((i) => ({
          events: [i],
          reason: `eSputnik refused the order (${failed.get(orderId(i) ?? '')})`,
        })),
        retried: 0,
      };
    },
  };

  return {
    name: 'esputnik',
    account: `esputnik\u0000${options.apiKey}`,
    read(value) {
      const order = orderOfLine(value, 'eSputnik');
      if ('reason' in order) return order;
      try {
        return { item: toEsputnikHistoryItem(order.item, options, via) };
      } catch (error) {
        return reasonOf(error);
      }
    },
    maxItems: via === 'orders' ? ESPUTNIK_MAX_ORDERS_PER_REQUEST : ESPUTNIK_MAX_PAST_EVENTS_PER_REQUEST,
    rateKey: account,
    async prepare(items, ctx) {
      const fresh = new Map<string, EsputnikContactRef>();
      // The latest form of each contact in the group (exports are usually oldest first).
      for (const item of items) if (!imported.has(item.contact.key)) fresh.set(item.contact.key, item.contact);
      if (fresh.size > 0) {
        const job = importContacts([...fresh.values()], pacedFor(ctx, account, 'rest'));
        for (const key of fresh.keys()) {
          imported.set(
            key,
            job.then((failures) => failures.get(key)),
          );
          if (imported.size > MAX_REMEMBERED_CONTACTS) imported.delete(imported.keys().next().value as string);
        }
        // A stopped import is not remembered: a later group (or a resume) imports these contacts again.
        job.catch(() => {
          for (const key of fresh.keys()) imported.delete(key);
        });
      }
      const reasons = await Promise.all(items.map((i) => imported.get(i.contact.key) ?? Promise.resolve(undefined)));
      const rejected: Rejection<EsputnikHistoryItem>[] = [];
      items.forEach((item, i) => {
        const reason = reasons[i];
        if (reason !== undefined)
          rejected.push({ events: [item], reason: `its contact (${item.contact.key}) is not in eSputnik: ${reason}` });
      });
      return { rejected };
    },
    deliver: (items, ctx) =>
      deliverItems(items, pacedFor(ctx, account, via === 'orders' ? 'rest' : 'pastEvents'), ordersPlan),
    pending() {
      if (running.size === 0) return undefined;
      let total = 0;
      for (const n of running.values()) total += n;
      return { processed: 0, total };
    },
  };
}
