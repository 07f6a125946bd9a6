// One change (an order, or any line a history file could hold) delivered to one destination, outside
// any history file: read it, deliver it under the shared request loop, and say what happened. For
// callers that send changes as they happen (a relay, a webhook handler). Never throws for a delivery
// problem or a bad change: the result says so.
import type { RequestContext } from '../delivery/request.js';
import { DeliveryStopped } from '../delivery/request.js';
import type { Destination } from './destination.js';

export type ChangeResult =
  /** The destination took it; `duplicate`: it said it already had this exact content. */
  | {
      /** The destination took it. */
      status: 'sent';
      /** Requests repeated after a retryable answer. */
      retried: number;
      /** The destination said it already had this exact content. */
      duplicate: boolean;
    }
  /**
   * It cannot be sent as it is (`reason` names every field at fault), or the destination refused it
   * (`httpStatus`: the status it answered).
   */
  | {
      /** It cannot be sent as it is, or the destination refused it: sending it again will not help. */
      status: 'rejected';
      /** Why: every field at fault, or the destination's answer. */
      reason: string;
      /** Requests repeated after a retryable answer. */
      retried: number;
      /** The HTTP status the destination refused it with, when it did. */
      httpStatus?: number;
    }
  /** Not delivered now (destination down, retries exhausted, wrong key): sending it again later may work. */
  | {
      /** Not delivered now: sending it again later may work. */
      status: 'failed';
      /** Why, e.g. the last answer and how many attempts were made, or `interrupted`. */
      reason: string;
      /** Requests repeated after a retryable answer. */
      retried: number;
    };

export async function deliverChange<T>(
  destination: Destination<T>,
  change: Record<string, unknown>,
  ctx: RequestContext,
): Promise<ChangeResult> {
  const read = destination.read(change);
  if ('reason' in read) return { status: 'rejected', reason: read.reason, retried: 0 };
  let retried = 0;
  const counted: RequestContext = {
    ...ctx,
    onRetry: (info) => {
      retried++;
      ctx.onRetry?.(info);
    },
  };
  try {
    // What the destination needs done first (eSputnik: the order's contact imported).
    const prepared = destination.prepare ? await destination.prepare([read.item], counted) : { rejected: [] };
    const result =
      prepared.rejected.length > 0
        ? { delivered: 0, rejected: prepared.rejected, retried: 0 }
        : await destination.deliver([read.item], counted);
    const [refused] = result.rejected;
    if (refused)
      return {
        status: 'rejected',
        reason: refused.reason,
        retried,
        ...(refused.status === undefined ? {} : { httpStatus: refused.status }),
      };
    return { status: 'sent', retried, duplicate: (result.duplicates ?? 0) > 0 };
  } catch (error) {
    if (error instanceof DeliveryStopped) return { status: 'failed', reason: error.message, retried };
    if (ctx.signal?.aborted) return { status: 'failed', reason: 'interrupted', retried };
    throw error;
  }
}
