// Delivers one request's worth of items under the status policy: retried (requestWithRetries),
// halved on a "too large" answer, rejected on other 4xx, stopped on a configuration error. Each
// destination brings a plan: how items become a request and how its answers read.
import type { Verdict } from '../protocol/policy.js';
import { DeliveryStopped, describeAnswer, requestWithRetries, type Answer, type HttpRequest } from './request.js';
import type { RequestContext } from './request.js';

/** These mean the key, secret or address is wrong, not the data: stop instead of rejecting every item. */
const CONFIG_STATUSES: ReadonlySet<number> = new Set([401, 403, 404]);

export interface Rejection<T> {
  events: T[];
  reason: string;
  /** The HTTP status that refused them, when an answer did (not for a "too large even alone"). */
  status?: number;
}

export interface DeliveryResult<T> {
  delivered: number;
  rejected: Rejection<T>[];
  retried: number;
  /** Of the delivered items, how many the destination said it already had (when it says so). */
  duplicates?: number;
}

/** How one destination turns items into a request and reads the answers. */
export interface DeliveryPlan<T> {
  request(items: T[]): HttpRequest;
  /** The status policy, adapted (Rfmcube's 416 means "too large", like 413). Default `classify`. */
  verdict?: (status: number) => Verdict;
  /** Statuses that mean the configuration is wrong: delivery stops. Default 401, 403, 404. */
  configStatuses?: ReadonlySet<number>;
  /** What to check when a config status stops delivery (named as options, never as CLI flags). */
  configHint: string;
  /** After a 2xx: the result (Rfmcube waits for its import process here). Default: all delivered. */
  accepted?: (answer: Answer, items: T[]) => Promise<DeliveryResult<T>> | DeliveryResult<T>;
}

/**
 * Sends `items` in one request until the destination accepts them or the policy says stop; halves
 * them on a "too large" answer and rejects them on other 4xx.
 * @throws DeliveryStopped when retries run out or a config status says the settings are wrong.
 */
export async function deliverItems<T>(
  items: T[],
  ctx: RequestContext,
  plan: DeliveryPlan<T>,
): Promise<DeliveryResult<T>> {
  const request = plan.request(items);
  const { answer, verdict, retried } = await requestWithRetries(request, ctx, plan.verdict);
  if (verdict === 'ok') {
    if (!plan.accepted) return { delivered: items.length, rejected: [], retried };
    const result = await plan.accepted(answer, items);
    return { ...result, retried: retried + result.retried };
  }
  if (verdict === 'split') {
    if (items.length === 1)
      return {
        delivered: 0,
        rejected: [{ events: items, reason: `${describeAnswer(answer, request)}: the event is too large even alone` }],
        retried,
      };
    const half = Math.ceil(items.length / 2);
    const a = await deliverItems(items.slice(0, half), ctx, plan);
    const b = await deliverItems(items.slice(half), ctx, plan);
    return {
      delivered: a.delivered + b.delivered,
      rejected: [...a.rejected, ...b.rejected],
      retried: retried + a.retried + b.retried,
      duplicates: (a.duplicates ?? 0) + (b.duplicates ?? 0),
    };
  }
  if ((plan.configStatuses ?? CONFIG_STATUSES).has(answer.status)) {
    throw new DeliveryStopped(`${describeAnswer(answer, request)}: ${plan.configHint}`, answer.status);
  }
  return {
    delivered: 0,
    rejected: [{ events: items, reason: describeAnswer(answer, request), status: answer.status }],
    retried,
  };
}
