// The Rfmcube destination at run time: orders grouped by customer into `POST /import` requests,
// each followed through `GET /processes/{id}` until Rfmcube has finished it.
import { deliverItems, type DeliveryPlan, type DeliveryResult } from '../../../delivery/deliver-items.js';
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
import {
  RFMCUBE_DEFAULT_RATE_PER_MINUTE,
  RFMCUBE_IMPORT_BYTES,
  RFMCUBE_MAX_REQUEST_BYTES,
  RFMCUBE_IMPORT_ORDERS,
  RFMCUBE_POLL_INTERVAL_MS,
  RFMCUBE_POLL_TIMEOUT_MS,
} from './limits.js';
import { RFMCUBE_BASE_URL, type RfmcubeOptions } from './options.js';
import { RFMCUBE_CONFIG_HINT, RFMCUBE_CONFIG_STATUSES, rfmcubeHeaders, rfmcubeVerdict } from './http.js';
import { countOrders, rfmcubeImport, toRfmcubeCustomer, type RfmcubeCustomer } from './map.js';

// Rfmcube's API pages (English and Italian) document one process status, "completed" (the
// `GET /processes/{processId}` example): only it is success. A process that says it failed ends with
// its orders rejected (our reading: the pages name no failure status). Any other status — the
// emulator's "pending" and "processing", or a word the pages do not name ("done", "finished", …) — is
// waited out and named when the wait is up, never taken for success.
const DONE = 'completed';
const FAILED = new Set(['failed', 'error', 'errored', 'aborted', 'cancelled', 'canceled']);
/** Statuses of a process still at work, as the emulator says them (undocumented, but plainly not done). */
const WORKING = new Set(['pending', 'processing', 'running', 'queued', '']);

/** `GET /processes/{id}` as documented: `{ status, type, data: { processedOrders, totalOrders, … } }`. */
export interface RfmcubeProcess {
  status: string;
  type?: string;
  data?: { processedCustomers?: number; totalCustomers?: number; processedOrders?: number; totalOrders?: number };
}

function json(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function processIdOf(answer: Answer): string | undefined {
  const body = json(answer.text) as { processId?: unknown } | undefined;
  const id = body?.processId;
  return typeof id === 'string' && id !== '' ? id : typeof id === 'number' ? String(id) : undefined;
}

export function rfmcubeDestination(options: RfmcubeOptions | undefined): Destination<RfmcubeCustomer> {
  if (!options) throw new SyncError('the Rfmcube options are missing: pass `rfmcube: { apiKey }`');
  if (typeof options.apiKey !== 'string' || options.apiKey === '') {
    throw new SyncError('the Rfmcube API key is missing: pass `rfmcube.apiKey`');
  }
  const importBytes = options.importBytes ?? RFMCUBE_IMPORT_BYTES;
  if (!Number.isSafeInteger(importBytes) || importBytes < 1 || importBytes > RFMCUBE_MAX_REQUEST_BYTES)
    throw new SyncError(
      `\`rfmcube.importBytes\` is a whole number of bytes up to ${RFMCUBE_MAX_REQUEST_BYTES} (Rfmcube answers 416 past 50 MB a request); got ${JSON.stringify(options.importBytes)}`,
    );
  const base = baseUrl(options.baseUrl, RFMCUBE_BASE_URL, 'rfmcube.baseUrl');
  const headers = rfmcubeHeaders(options.apiKey);
  const pollIntervalMs = options.pollIntervalMs ?? RFMCUBE_POLL_INTERVAL_MS;
  const pollTimeoutMs = options.pollTimeoutMs ?? RFMCUBE_POLL_TIMEOUT_MS;
  /** Progress of the import processes still running: processId → orders processed / total. */
  const running = new Map<string, { processed: number; total: number }>();
  const configHint = RFMCUBE_CONFIG_HINT;

  async function follow(
    processId: string,
    items: RfmcubeCustomer[],
    ctx: RequestContext,
  ): Promise<DeliveryResult<RfmcubeCustomer>> {
    const total = countOrders(items);
    const request = { method: 'GET' as const, url: `${base}/processes/${encodeURIComponent(processId)}`, headers };
    const started = Date.now();
    let retried = 0;
    running.set(processId, { processed: 0, total });
    try {
      for (;;) {
        await sleep(pollIntervalMs, ctx.signal);
        const polled = await requestWithRetries(request, ctx);
        retried += polled.retried;
        if (polled.verdict !== 'ok') {
          throw new DeliveryStopped(
            `${describeAnswer(polled.answer, request)}: cannot follow import process ${processId}; ${configHint}`,
            polled.answer.status,
          );
        }
        const process = json(polled.answer.text) as RfmcubeProcess | undefined;
        const status = typeof process?.status === 'string' ? process.status.toLowerCase() : '';
        const processed = process?.data?.processedOrders;
        running.set(processId, { processed: typeof processed === 'number' ? Math.min(processed, total) : 0, total });
        if (status === DONE) return { delivered: total, rejected: [], retried };
        if (FAILED.has(status)) {
          return {
            delivered: 0,
            rejected: [
              {
                events: items,
                reason: `Rfmcube import process ${processId} ended ${JSON.stringify(process?.status)}: ${polled.answer.text.slice(0, 200)}`,
              },
            ],
            retried,
          };
        }
        if (Date.now() - started > pollTimeoutMs) {
          throw new DeliveryStopped(
            `Rfmcube import process ${processId} is still ${JSON.stringify(process?.status ?? 'unknown')}${WORKING.has(status) ? '' : ` (a status Rfmcube's API pages do not name: only "completed" is taken for done)`} after ${Math.round(pollTimeoutMs / 1000)} s: resume the sync later (\`resume: true\`; imports are upserts)`,
          );
        }
      }
    } finally {
      running.delete(processId);
    }
  }

  const plan = (ctx: RequestContext): DeliveryPlan<RfmcubeCustomer> => ({
    request: (items) => ({
      method: 'POST',
      url: `${base}/import`,
      headers,
      body: JSON.stringify(rfmcubeImport(items, options)),
    }),
    // 416 is Rfmcube's "request too large" (past 50 MB): halve the import, as a 413 is halved.
    verdict: rfmcubeVerdict,
    configStatuses: RFMCUBE_CONFIG_STATUSES,
    configHint,
    accepted: (answer, items) => {
      const processId = processIdOf(answer);
      if (processId === undefined) {
        throw new DeliveryStopped(
          `Rfmcube accepted an import without a processId (${answer.text.slice(0, 200)}): check \`rfmcube.baseUrl\` (${base})`,
        );
      }
      return follow(processId, items, ctx);
    },
  });

  return {
    name: 'rfmcube',
    account: `rfmcube\u0000${options.apiKey}`,
    read(value) {
      const order = orderOfLine(value, 'Rfmcube');
      if ('reason' in order) return order;
      try {
        return { item: toRfmcubeCustomer(order.item, options) };
      } catch (error) {
        return reasonOf(error);
      }
    },
    maxItems: options.ordersPerImport ?? RFMCUBE_IMPORT_ORDERS,
    maxBytes: importBytes,
    sizeOf: (item: RfmcubeCustomer) => Buffer.byteLength(JSON.stringify(item), 'utf8'),
    defaultRatePerMinute: RFMCUBE_DEFAULT_RATE_PER_MINUTE,
    rateKey: rateKeyOf('rfmcube', base, options.apiKey),
    deliver: (items, ctx) => deliverItems(items, ctx, plan(ctx)),
    pending() {
      if (running.size === 0) return undefined;
      let processed = 0;
      let total = 0;
      for (const p of running.values()) {
        processed += p.processed;
        total += p.total;
      }
      return { processed, total };
    },
  };
}
