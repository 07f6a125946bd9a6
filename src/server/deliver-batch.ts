// Richpanel's delivery plan: up to 25 events as one signed batch to `<host>/v2/bt`, under the shared
// request loop (src/delivery). Used by sendEvents and by the history sync's Richpanel destination.
import { deliverItems, type DeliveryResult } from '../delivery/deliver-items.js';
import type { Answer, RequestContext } from '../delivery/request.js';
import { signBatch, type Credentials, type ServerEvent } from './batch.js';

export interface BatchContext extends RequestContext {
  url: string;
  credentials: Credentials;
}

/** The `duplicates` of a collector's `{"status":"ok","accepted":N,"duplicates":M}`; 0 when it does not say. */
function duplicatesIn(answer: Answer): number {
  try {
    const body = JSON.parse(answer.text) as { duplicates?: unknown };
    return Number.isSafeInteger(body?.duplicates) ? Math.max(0, body.duplicates as number) : 0;
  } catch {
    return 0;
  }
}

/**
 * Sends `events` (at most 25) as one signed batch until the collector accepts them or the policy says stop.
 * @throws DeliveryStopped when retries run out or the collector refuses the credentials or host.
 */
export function deliverBatch(events: ServerEvent[], ctx: BatchContext): Promise<DeliveryResult<ServerEvent>> {
  return deliverItems(events, ctx, {
    request: (batch) => ({
      method: 'POST',
      url: ctx.url,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(signBatch(batch, ctx.credentials)),
    }),
    configHint: 'check the API key, the secret and the host (`apiKey`, `secret`, `host`)',
    accepted: (answer, items) => ({
      delivered: items.length,
      rejected: [],
      retried: 0,
      duplicates: Math.min(items.length, duplicatesIn(answer)),
    }),
  });
}
