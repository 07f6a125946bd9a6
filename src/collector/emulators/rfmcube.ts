// The Rfmcube emulator under `/rfmcube/v1`: `POST /import` (asynchronous, answers a processId),
// `GET /processes/{id}`, `POST /merge_customer`, `/merge_order`, `/delete_customer`, with the
// documented answers: 401 without a key, 406 for a connector not of the API type, 429 past 60
// requests a minute, 416 past 50 MB (limits.ts: the Italian API page's
// figure, smaller than the English page's 200 MB). Imports are read as a stream (see rfmcube-import.ts); the
// single-customer routes take at most MAX_SINGLE_BODY_BYTES.
import { mkdtemp, rm } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RFMCUBE_MAX_REQUESTS_PER_MINUTE, RFMCUBE_MAX_REQUEST_BYTES } from '../../sync/destinations/rfmcube/limits.js';
import { isRecord } from '../decode.js';
import { sendError, sendJson } from '../respond.js';
import type { EventStore } from '../store.js';
import { readJson, record } from './answer.js';
import { RateWindow } from './rate-window.js';
import { type ImportSpool, applySpool, readImport } from './rfmcube-import.js';
import { customerProblems, orderProblems } from './rfmcube-validate.js';
import type { EmulatorRequest, RfmcubeEmulatorOptions, RfmcubeEmulatorState, RfmcubeProcessState } from './types.js';

export const RFMCUBE_PREFIX = '/rfmcube/v1';
/** Rfmcube's documented limits (named once, in the client's limits): 60 requests a minute, 50 MB a request. */
const DEFAULT_MAX_REQUESTS = RFMCUBE_MAX_REQUESTS_PER_MINUTE;
const DEFAULT_WINDOW_MS = 60_000;
const DEFAULT_MAX_BODY_BYTES = RFMCUBE_MAX_REQUEST_BYTES;
/**
 * `merge_customer`, `merge_order` and `delete_customer` carry one customer or order: read whole, they
 * are capped far below the documented 50 MB (which only an import needs), so no request holds a
 * huge body in memory.
 */
export const MAX_SINGLE_BODY_BYTES = 16 * 1024 * 1024;
/** The key the emulator treats as a connector that is not of the API type (406). */
export const NON_API_KEY = 'not-an-api-connector';

type Customer = RfmcubeEmulatorState['customers'] extends Map<string, infer C> ? C : never;

export class RfmcubeEmulator {
  readonly state: RfmcubeEmulatorState = { requests: [], processes: new Map(), customers: new Map() };
  private readonly window: RateWindow;
  private processCount = 0;

  constructor(
    private readonly options: RfmcubeEmulatorOptions,
    private readonly store: EventStore,
  ) {
    this.window = new RateWindow(options.maxRequests ?? DEFAULT_MAX_REQUESTS, options.windowMs ?? DEFAULT_WINDOW_MS);
  }

  /** Answers a request whose path starts with `/rfmcube/v1/`. */
  async handle(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    const entry: EmulatorRequest = {
      at: Date.now(),
      method: req.method ?? '',
      path: path.slice(RFMCUBE_PREFIX.length),
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

    const key = req.headers['api-key'];
    if (typeof key !== 'string' || key === '') return fail(401, 'the api-key header is missing');
    if (key === (this.options.nonApiKey ?? NON_API_KEY))
      return fail(406, 'this connector is not of the API type: create an API connector in Rfmcube');
    if (this.options.apiKey !== undefined && key !== this.options.apiKey) return fail(401, 'unknown api-key');
    const slot = this.window.take(entry.at);
    if (!slot.ok)
      return fail(429, 'too many requests: at most 60 a minute', {
        'Retry-After': String(Math.max(1, Math.ceil(slot.retryAfterMs / 1000))),
      });

    const route = entry.path;
    const process = /^\/processes\/([^/]+)$/.exec(route);
    if (process) {
      if (req.method !== 'GET') return fail(405, `use GET ${RFMCUBE_PREFIX}${route}`, { Allow: 'GET' });
      const found = this.state.processes.get(decodeURIComponent(process[1]!));
      if (!found) return fail(404, `no process ${process[1]}`);
      await this.advance(found);
      return answer(200, {
        status: found.status,
        type: 'import',
        data: {
          processedCustomers: found.processedCustomers,
          totalCustomers: found.totalCustomers,
          processedOrders: found.processedOrders,
          totalOrders: found.totalOrders,
        },
      });
    }
    if (!['/import', '/merge_customer', '/merge_order', '/delete_customer'].includes(route))
      return fail(
        404,
        `nothing at ${RFMCUBE_PREFIX}${route}: the emulator has /import, /processes/{id}, /merge_customer, /merge_order, /delete_customer`,
      );
    if (req.method !== 'POST') return fail(405, `use POST ${RFMCUBE_PREFIX}${route}`, { Allow: 'POST' });

    const maxBytes = this.options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
    const keyChecked = this.options.apiKey !== undefined;
    if (route === '/import') {
      const read = await readImport(req, maxBytes, await this.spoolDir());
      entry.bytes = read.bytes;
      if (!read.ok) {
        entry.status = read.status;
        return sendJson(res, read.status, read.body, read.status === 416 ? { Connection: 'close' } : {});
      }
      const { customers, orders, onlyEmail, shown } = read.spool;
      const id = `import-${++this.processCount}`;
      this.state.processes.set(id, {
        id,
        status: 'pending',
        polls: 0,
        totalCustomers: customers,
        totalOrders: orders,
        processedCustomers: 0,
        processedOrders: 0,
      });
      this.pending.set(id, read.spool);
      // The viewer shows a small import whole, a large one (up to 50 MB) by its counts.
      const name = `${customers} customers · ${orders} orders`;
      await record(this.store, 'rfmcube.import', 'rfmcube', { name, processId: id }, shown, onlyEmail, keyChecked);
      return answer(200, { processId: id });
    }
    const body = await readJson(req, Math.min(maxBytes, MAX_SINGLE_BODY_BYTES), 416, 'Rfmcube (one customer or order)');
    entry.bytes = body.bytes;
    if (!body.ok) return fail(body.status, body.error, body.status === 416 ? { Connection: 'close' } : {});
    const value = body.value;
    const show = (name: string, properties: Record<string, unknown>, who: string | undefined) =>
      record(this.store, `rfmcube.${name}`, 'rfmcube', properties, value, who, keyChecked);

    if (route === '/merge_customer') {
      const customer = isRecord(value) ? value.customer : undefined;
      const problems = customerProblems(customer, 'customer');
      if (problems.length > 0) return answer(400, { error: 'invalid customer', errors: problems });
      const c = customer as Record<string, unknown>;
      const known = this.state.customers.has(String(c.email).toLowerCase());
      this.merge(c);
      await show('merge_customer', { name: `${String(c.email)} · ${known ? 'updated' : 'new'}` }, String(c.email));
      return answer(200, { status: 'ok' });
    }
    if (route === '/merge_order') {
      const order = isRecord(value) ? value.order : undefined;
      const problems = orderProblems(order, 'order');
      const email = isRecord(order) ? order.customerEmail : undefined;
      if (typeof email !== 'string' || email === '') problems.push('order.customerEmail is required');
      if (problems.length > 0) return answer(400, { error: 'invalid order', errors: problems });
      const o = order as Record<string, unknown>;
      const customer = this.state.customers.get(String(email).toLowerCase());
      if (!customer) return answer(404, { error: `no customer ${String(email)}: merge_customer or import them first` });
      const updated = customer.orders.has(String(o.id));
      customer.orders.set(String(o.id), o);
      await show(
        'merge_order',
        {
          orderId: o.id,
          amount: o.amount,
          name: `${updated ? 'updated' : 'new'} · ${String(o.status ?? 'no status')}`,
        },
        String(email),
      );
      return answer(200, { status: 'ok' });
    }
    // /delete_customer `{ id?, email? }`: the customer and all their orders.
    const target = isRecord(value) ? value : {};
    const email = typeof target.email === 'string' && target.email !== '' ? target.email.toLowerCase() : undefined;
    const id = typeof target.id === 'string' || typeof target.id === 'number' ? String(target.id) : undefined;
    if (email === undefined && id === undefined)
      return answer(400, { error: 'invalid request', errors: ['give the customer’s id, email or both'] });
    const found = [...this.state.customers.values()].find(
      (c) =>
        (email === undefined || String(c.email).toLowerCase() === email) && (id === undefined || String(c.id) === id),
    );
    if (!found) return answer(404, { error: 'no such customer' });
    this.state.customers.delete(String(found.email).toLowerCase());
    const orders = found.orders.size;
    await show(
      'delete_customer',
      { name: `${String(found.email)} · deleted with ${orders} order${orders === 1 ? '' : 's'}` },
      String(found.email),
    );
    return answer(200, { status: 'ok', deletedOrders: orders });
  }

  /** Imports waiting for their process to complete, each in its spool file. */
  private readonly pending = new Map<string, ImportSpool>();
  private spool: Promise<string> | undefined;

  /** The folder for spool files, made on the first import. */
  private spoolDir(): Promise<string> {
    this.spool ??= mkdtemp(join(tmpdir(), 'cartbeacon-rfmcube-'));
    return this.spool;
  }

  /** Removes the spool files of imports that never completed. */
  async close(): Promise<void> {
    this.pending.clear();
    if (this.spool) await rm(await this.spool, { recursive: true, force: true });
  }

  /** Imports being applied (a second poll while the first applies waits for it). */
  private readonly applying = new Map<string, Promise<void>>();

  /** Each poll processes a share of the import; the last one applies it and completes the process. */
  private async advance(p: RfmcubeProcessState): Promise<void> {
    if (p.status === 'completed') return;
    const polls = Math.max(1, this.options.pollsToComplete ?? 2);
    p.polls++;
    const share = Math.min(1, p.polls / polls);
    if (share >= 1) {
      const spool = this.pending.get(p.id);
      if (spool) {
        this.pending.delete(p.id);
        this.applying.set(
          p.id,
          applySpool(spool, (customer) => this.merge(customer)),
        );
      }
      try {
        await this.applying.get(p.id);
      } finally {
        this.applying.delete(p.id);
      }
    }
    p.processedCustomers = Math.floor(p.totalCustomers * share);
    p.processedOrders = Math.floor(p.totalOrders * share);
    p.status = share >= 1 ? 'completed' : 'processing';
  }

  /** Upserts a customer by e-mail and their orders by id. */
  private merge(input: Record<string, unknown>): void {
    const email = String(input.email).toLowerCase();
    const { orders, ...fields } = input;
    const existing: Customer = this.state.customers.get(email) ?? { ...fields, orders: new Map() };
    Object.assign(existing, fields);
    if (Array.isArray(orders)) for (const o of orders) if (isRecord(o)) existing.orders.set(String(o.id), o);
    this.state.customers.set(email, existing);
  }
}
