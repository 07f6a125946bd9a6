// Decoded payloads -> validated batches (pure). Refuses what a collector cannot store (400 naming
// the problem); anything merely odd becomes a warning on the event instead.
import { IngestError } from './errors.js';
import { isRecord } from './decode.js';
import { MAX_BATCH_EVENTS, MAX_SERVER_BATCH_EVENTS } from './limits.js';

export interface WireEvent {
  name: string;
  event: Record<string, unknown>;
}

export interface Batch {
  appClientId: string;
  /** The page's identity token, when it had one (anything but a string is a bad token, not a bad batch). */
  richpanelSettings: unknown;
  events: WireEvent[];
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'string' ? JSON.stringify(value.slice(0, 40)) : typeof value;
}

function checkEvent(value: unknown, where: string): WireEvent {
  if (!isRecord(value)) throw new IngestError(400, `${where} must be an object, got ${describe(value)}`);
  const name = value.event;
  if (typeof name !== 'string' || name.trim() === '') {
    throw new IngestError(400, `${where} has no event name: set "event" to a string such as "page_view"`);
  }
  return { name, event: value };
}

function optionalString(value: unknown, field: string): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') throw new IngestError(400, `${field} must be a string, got ${describe(value)}`);
  return value;
}

function appClientIdOf(payload: Record<string, unknown>, events: WireEvent[]): string {
  const own = optionalString(payload.appClientId, 'appClientId');
  const fromEvent = events
    .map((e) => e.event.appClientId)
    .find((id): id is string => typeof id === 'string' && id !== '');
  const id = own ?? fromEvent;
  if (!id) throw new IngestError(400, 'appClientId is missing: put the API key in the payload\'s "appClientId"');
  return id;
}

function tokenOf(payload: Record<string, unknown>): unknown {
  const token = payload.richpanelSettings;
  return token === null || token === '' ? undefined : token;
}

/** Validates a `send_batch` payload: at most 25 events from a browser, 100 in a signed server batch. */
export function validateBatch(payload: Record<string, unknown>, signed = false): Batch {
  if (payload.event !== 'send_batch') {
    throw new IngestError(400, `payload "event" must be "send_batch", got ${describe(payload.event)}`);
  }
  const list = payload.events;
  if (!Array.isArray(list)) throw new IngestError(400, `"events" must be an array, got ${describe(list)}`);
  const max = signed ? MAX_SERVER_BATCH_EVENTS : MAX_BATCH_EVENTS;
  if (list.length > max) {
    throw new IngestError(
      400,
      `batch has ${list.length} events; send at most ${max} per ${signed ? 'signed server batch' : 'batch (100 in a signed server batch)'}`,
    );
  }
  const events = list.map((value: unknown, i) => checkEvent(value, `events[${i}]`));
  return {
    appClientId: appClientIdOf(payload, events),
    richpanelSettings: tokenOf(payload),
    events,
  };
}

/** Validates a single event (the `/v2/t` body): the event object carries its own key and token. */
export function validateSingle(payload: Record<string, unknown>): Batch {
  const event = checkEvent(payload, 'the event');
  return {
    appClientId: appClientIdOf(payload, [event]),
    richpanelSettings: tokenOf(payload),
    events: [event],
  };
}
