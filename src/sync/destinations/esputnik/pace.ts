// eSputnik's rate limits are per kind of resource (limits.ts): Generate event, past events, and
// everything else. Each kind has its own schedule per account, shared by every sync and relay of the
// process (by every relay on the same Redis), at 90% of the limit; a caller's own `ratePerMinute` still applies on top.
import type { RequestContext } from '../../../delivery/request.js';
import { sharedRateLimiter } from '../../../delivery/rate-limit.js';
import {
  ESPUTNIK_EVENTS_PER_SECOND,
  ESPUTNIK_PACE_SHARE,
  ESPUTNIK_PAST_EVENTS_PER_SECOND,
  ESPUTNIK_REST_PER_SECOND,
} from './limits.js';

/** Which of eSputnik's limits a request counts against. */
export type EsputnikRateClass = 'events' | 'pastEvents' | 'rest';

const PER_SECOND: Record<EsputnikRateClass, number> = {
  events: ESPUTNIK_EVENTS_PER_SECOND,
  pastEvents: ESPUTNIK_PAST_EVENTS_PER_SECOND,
  rest: ESPUTNIK_REST_PER_SECOND,
};

/** Requests a minute cartbeacon starts for a kind (90% of eSputnik's limit). */
export function esputnikPacePerMinute(kind: EsputnikRateClass): number {
  return Math.floor(PER_SECOND[kind] * 60 * ESPUTNIK_PACE_SHARE);
}

/** `ctx` with the account's schedule for `kind` awaited before every request, after the caller's own. */
export function pacedFor(ctx: RequestContext, account: string, kind: EsputnikRateClass): RequestContext {
  const key = `${account} ${kind}`;
  const perMinute = esputnikPacePerMinute(kind);
  // A relay on Redis shares the schedule with every instance; elsewhere it is the process's.
  const limiter = ctx.sharedPace ? ctx.sharedPace(key, perMinute) : sharedRateLimiter(key, perMinute, ctx.signal);
  const own = ctx.beforeRequest;
  return {
    ...ctx,
    beforeRequest: async () => {
      await own?.();
      await limiter();
    },
  };
}
