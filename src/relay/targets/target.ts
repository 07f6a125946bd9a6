// What a relay destination is: how it checks a change when a call is made, and how it delivers one
// (one or more requests through the sync's destinations and the shared request loop). One file per
// destination beside this one; `table.ts` makes them from the relay's options.
import type { RequestContext } from '../../delivery/request.js';
import type { Fact, MemoryReader } from '../memory.js';
import type { ChangeKind, DestinationName, DestinationResult } from '../types.js';

/** A change as the relay holds it: accepted, with its JSON text (content-based eventIds hash it). */
export interface Change {
  id: string;
  kind: ChangeKind;
  /** The change, a JSON copy made when the call was made. */
  value: Record<string, unknown>;
  /** Its JSON text. */
  text: string;
  /** When the call was made (epoch ms): the time of an identify event, or of an order without one. */
  acceptedAt: number;
}

/** What a destination says of a change when a call is made: fine, fields at fault, or no API for it. */
export type Check = { ok: true } | { problems: string[] } | { unsupported: string };

/** A final result of one delivery (never `queued` or `unsupported`: those are decided at the call). */
export type Delivered = Extract<DestinationResult, { status: 'sent' | 'rejected' | 'failed' }>;

export interface Work {
  change: Change;
  memory: MemoryReader;
  ctx: RequestContext;
  /** Records what a request taught (a customer Rfmcube now has) before the next request goes out. */
  learn(facts: Fact[]): Promise<void>;
}

export interface RelayTarget {
  name: DestinationName;
  /** Pacing when the caller sets none, and the account it is shared by (see `Destination.rateKey`). */
  defaultRatePerMinute?: number;
  rateKey?: string;
  /** Called when a call is made: never sends anything. */
  check(kind: ChangeKind, value: Record<string, unknown>): Check;
  /** Delivers a change `check` found fine. Never throws: a problem is the result. */
  deliver(work: Work): Promise<{ result: Delivered; facts: Fact[] }>;
}
