// The eSputnik emulator at `/esputnik/api/v1/event` ("Generate event"): HTTP Basic with the API key,
// 20 KB per event, the documented order events and their required params.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ESPUTNIK_MAX_EVENT_BYTES } from '../../sync/destinations/esputnik/limits.js';
import { sendError, sendJson } from '../respond.js';
import type { EventStore } from '../store.js';
import { readJson, record } from './answer.js';
import { checkEvent } from './esputnik-validate.js';
import type { EmulatorRequest, EsputnikEmulatorOptions, EsputnikEmulatorState } from './types.js';

export const ESPUTNIK_EVENT_PATH = '/esputnik/api/v1/event';
/** eSputnik's documented 20 KB per event. */
const DEFAULT_MAX_EVENT_BYTES = ESPUTNIK_MAX_EVENT_BYTES;

function basicPassword(header: string | undefined): string | undefined {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(header ?? '');
  if (!match) return undefined;
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? undefined : decoded.slice(colon + 1);
}

export class EsputnikEmulator {
  readonly state: EsputnikEmulatorState = { requests: [], events: [], orders: new Map() };

  constructor(
    private readonly options: EsputnikEmulatorOptions,
    private readonly store: EventStore,
  ) {}

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const entry: EmulatorRequest = {
      at: Date.now(),
      method: req.method ?? '',
      path: '/api/v1/event',
      status: 0,
      bytes: 0,
    };
    this.state.requests.push(entry);
    const fail = (
      status: number,
      error: string,
      extra: Record<string, unknown> = {},
      headers: Record<string, string> = {},
    ) => {
      entry.status = status;
      if (Object.keys(extra).length === 0) sendError(res, status, error, headers);
      else sendJson(res, status, { error, ...extra }, headers);
    };
    if (req.method !== 'POST') return fail(405, `use POST ${ESPUTNIK_EVENT_PATH}`, {}, { Allow: 'POST' });
    const password = basicPassword(req.headers.authorization);
    if (!password || (this.options.apiKey !== undefined && password !== this.options.apiKey)) {
      return fail(
        401,
        'HTTP Basic authentication with the API key as the password is required',
        {},
        { 'WWW-Authenticate': 'Basic realm="eSputnik"' },
      );
    }
    const body = await readJson(req, this.options.maxEventBytes ?? DEFAULT_MAX_EVENT_BYTES, 413, 'Generate event');
    entry.bytes = body.bytes;
    if (!body.ok) return fail(body.status, body.error, {}, body.status === 413 ? { Connection: 'close' } : {});
    const checked = checkEvent(body.value);
    if ('problems' in checked) return fail(400, 'invalid event', { errors: checked.problems });

    const { event } = checked;
    const orderId = event.params.externalOrderId;
    let ignored = false;
    if (orderId !== undefined) {
      const existing = this.state.orders.get(orderId);
      if (event.eventTypeKey === 'orderCreated' || event.eventTypeKey === 'orderUpdated') {
        this.state.orders.set(orderId, { ...existing, ...event.params });
      } else if (event.eventTypeKey === 'orderDelivered' || event.eventTypeKey === 'orderCancelled') {
        // Documented: ignored when the order does not exist.
        if (existing) existing.status = event.eventTypeKey === 'orderDelivered' ? 'DELIVERED' : 'CANCELLED';
        else ignored = true;
      }
    }
    if (!ignored) this.state.events.push(event);
    const p = event.params;
    await record(
      this.store,
      `esputnik.${event.eventTypeKey}`,
      'esputnik',
      {
        orderId,
        amount: p.totalCost,
        currency: p.currency,
        status: p.status,
        ...(ignored ? { name: 'ignored: no such order' } : {}),
      },
      body.value,
      event.keyValue,
      this.options.apiKey !== undefined,
    );
    entry.status = 200;
    sendJson(res, 200, { status: 'ok' });
  }
}
