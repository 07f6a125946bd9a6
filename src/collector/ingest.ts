// One ingest request's events: decode -> validate -> identity -> warnings (the route then applies
// faults, and dedupes and stores them).
import { randomUUID } from 'node:crypto';
import { decodeBatchBody, decodeSingleBody } from './decode.js';
import { identityForBatch, identityForEvent } from './identity.js';
import { orderWarnings } from './orders.js';
import type { StoredEvent } from './types.js';
import { validateBatch, validateSingle } from './validate.js';

export type IngestRoute = 'batch' | 'single';

export interface IngestContext {
  apiKey: string | undefined;
  secret: string | undefined;
  /** Trust unsigned (compatible) identity tokens (`--allow-unsigned-tokens`). */
  allowUnsignedTokens: boolean;
}

/** Builds the stored form of a batch's events (pure apart from ids made up for events without one). */
export function toStoredEvents(
  route: IngestRoute,
  text: string,
  contentType: string,
  ctx: IngestContext,
  now: number,
): StoredEvent[] {
  const { transport, payload, signature } =
    route === 'batch' ? decodeBatchBody(text, contentType, ctx.secret) : decodeSingleBody(text, ctx.secret);
  const batch = route === 'batch' ? validateBatch(payload, transport === 'signed') : validateSingle(payload);
  const batchIdentity = identityForBatch(batch.richpanelSettings, ctx.secret, transport, ctx.allowUnsignedTokens);
  return batch.events.map(({ name, event }) => {
    const appClientId =
      typeof event.appClientId === 'string' && event.appClientId !== '' ? event.appClientId : batch.appClientId;
    const { identity, warnings } = identityForEvent(batchIdentity, event, transport);
    let id = event.eventId;
    if (typeof id !== 'string' || id === '') {
      id = randomUUID();
      warnings.push('event has no eventId: the collector made one up, so retries of it cannot be deduplicated');
    }
    if (ctx.apiKey && appClientId !== ctx.apiKey) {
      warnings.push(`appClientId ${JSON.stringify(appClientId)} is not this collector's API key`);
    }
    if (name === 'order') warnings.push(...orderWarnings(event.properties));
    // Key order matters: the data file's readers find `id` and `name` at the start of each line.
    const head = { id: id as string, name, receivedAt: now, appClientId, transport };
    return signature ? { ...head, signature, identity, warnings, event } : { ...head, identity, warnings, event };
  });
}
