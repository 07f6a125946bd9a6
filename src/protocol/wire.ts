// The wire format (DESIGN.md "Wire format"): what a browser, a server and a collector exchange.

/** A JSON value, as it travels. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** One event on the wire: what `track()` makes in a browser and `sendEvents` signs on a server. */
export interface WireEvent {
  /** Lower-case snake case name, e.g. `order`, `identify`, `page_view`. */
  event: string;
  properties?: { [key: string]: Json };
  userProperties?: { [key: string]: Json };
  /** `sentAt`: when it happened (epoch ms); `originalTimestamp`: the time the caller gave, else `sentAt`. */
  time?: { sentAt?: number; originalTimestamp?: number };
  /** UUID v4 made once per event: retries resend it, so a collector drops duplicates by it. */
  eventId?: string;
  appClientId?: string;
  /** Device and session ids (browser events). */
  did?: string;
  sid?: string;
  /** The SDK's version. */
  version?: string;
  /** Page, screen, browser… (browser events; see `src/core/context.ts`). */
  context?: object;
  [key: string]: unknown;
}

/** The JSON inside `hs`: a batch of events (at most `MAX_BATCH_EVENTS` from a browser). */
export interface BatchPayload {
  event: 'send_batch';
  appClientId: string;
  /** The identity token of a logged-in visitor (`window.richpanelSettings`), when the page has one. */
  richpanelSettings?: string;
  /** Server batches name their sender. */
  platform?: string;
  version?: string;
  events: WireEvent[];
}

/** `POST /v2/bt`: `{"hs": base64(utf8(json(BatchPayload)))}`. */
export interface HsBody {
  hs: string;
}

/** `POST /v2/bt` from a server: the `hs` body signed, `s` = hex(hash(hs + API secret)). */
export interface SignedHsBody extends HsBody {
  s: string;
  event_type: 'send_batch';
}

/** `POST /v3/t` (Richpanel's own script) and `/v2/t` (signed by server plugins): one event. */
export interface HBody {
  h: string;
  s?: string;
}

/** What a client needs to know of an answer to decide what to do next (see `classify`). */
export interface Answer {
  /** HTTP status; 0 for a network error or a timeout. */
  status: number;
  /** The `Retry-After` header, when there was one. */
  retryAfter: string | null;
}
