// Public types of the Rfmcube and eSputnik emulators in the dev collector. Docs live here.

/** Settings of the Rfmcube emulator at `/rfmcube/v1`. */
export interface RfmcubeEmulatorOptions {
  /** The only key accepted (`api-key` header). Unset: any non-empty key. */
  apiKey?: string;
  /** A key whose connector is "not of the API type": answered 406. Default `not-an-api-connector`. */
  nonApiKey?: string;
  /** Requests allowed per window before 429 (documented: 60 a minute). Default 60. */
  maxRequests?: number;
  /** The window of `maxRequests`. Default 60,000 ms; tests use a second or two. */
  windowMs?: number;
  /** Largest request body before 416 (documented: 50 MB, RFMCUBE_MAX_REQUEST_BYTES). Tests set it smaller. */
  maxBodyBytes?: number;
  /** Polls of `GET /processes/{id}` an import takes to complete (progress grows with each). Default 2. */
  pollsToComplete?: number;
}

/** Settings of the eSputnik emulator at `/esputnik/api/v1/…`. */
export interface EsputnikEmulatorOptions {
  /** The only key accepted (the HTTP Basic password). Unset: any non-empty password. */
  apiKey?: string;
  /** Largest event body before 413 (documented: 20 KB). */
  maxEventBytes?: number;
  /** Polls of `GET /v1/importstatus/{id}` a contact import takes to finish (it is applied then). Default 2. */
  pollsToFinish?: number;
  /**
   * Requests a second before 429, per kind (the issue quotes docs.esputnik.com "Rate Limits": Generate
   * event 350, past events 100, every other resource 200). Tests set them lower.
   */
  perSecond?: {
    /** Generate event (`POST /v1/event`). Default 350. */
    events?: number;
    /** Generate past events (`POST /v1/past_events`). Default 100. */
    pastEvents?: number;
    /** Every other resource (contacts, imports, orders, searches, erasures). Default 200. */
    rest?: number;
  };
  /** The window of `perSecond`. Default 1,000 ms. */
  windowMs?: number;
}

/** One request an emulator answered. */
export interface EmulatorRequest {
  /** When it arrived (epoch ms). */
  at: number;
  /** The HTTP method. */
  method: string;
  /** The path below the emulator's prefix, e.g. `/import`. */
  path: string;
  /** The status answered. */
  status: number;
  /** Body size in bytes. */
  bytes: number;
}

/** One import process of the Rfmcube emulator. */
export interface RfmcubeProcessState {
  /** The `processId` the import was answered with. */
  id: string;
  /**
   * `pending` until polled, `processing` while polls go on, `completed` once applied. Rfmcube's pages
   * document only `completed` (the `GET /processes/{processId}` example); the two others are ours.
   */
  status: 'pending' | 'processing' | 'completed';
  /** `GET /processes/{id}` calls so far. */
  polls: number;
  /** Customers in the import. */
  totalCustomers: number;
  /** Orders in the import. */
  totalOrders: number;
  /** Customers reported processed at the last poll. */
  processedCustomers: number;
  /** Orders reported processed at the last poll. */
  processedOrders: number;
}

/** What the Rfmcube emulator holds: customers by e-mail, each with orders by id. */
export interface RfmcubeEmulatorState {
  /** Every request, in arrival order. */
  requests: EmulatorRequest[];
  /** Import processes by id. */
  processes: Map<string, RfmcubeProcessState>;
  /** Customers by lower-case e-mail, each with its orders by id (imports count once completed). */
  customers: Map<string, RfmcubeCustomerState>;
}

/** A customer the Rfmcube emulator holds: the fields it was sent, and its orders. */
export type RfmcubeCustomerState = Record<string, unknown> & {
  /** The customer's orders by id. */
  orders: Map<string, Record<string, unknown>>;
};

/** An event the eSputnik emulator kept (a Generate event or a past event of a contact it has). */
export interface EsputnikEventState {
  /** The event type, e.g. `orderUpdated`. */
  eventTypeKey: string;
  /** The event's key value (cartbeacon sends the contact's e-mail, phone or id). */
  keyValue: string;
  /** Its params by name. */
  params: Record<string, string>;
  /** The contact it was kept for (eSputnik's contact id). */
  contactId: number;
  /** When it happened, for a past event (`occurred`). */
  occurred?: string;
}

/** An event or order the eSputnik emulator answered 200 and did not keep, and why. */
export interface EsputnikIgnoredState {
  /** `event`, `past_event` or `order`. */
  kind: 'event' | 'past_event' | 'order';
  /** The event type, for an event. */
  eventTypeKey?: string;
  /** The order it was about, when it named one. */
  externalOrderId?: string;
  /** Why it was not kept, e.g. that eSputnik has no contact with its identifiers. */
  reason: string;
}

/** A contact the eSputnik emulator holds. */
export interface EsputnikContactState {
  /** eSputnik's own contact id. */
  id: number;
  /** The shop's customer id. */
  externalCustomerId?: string;
  /** The e-mail channel (lower-cased). */
  email?: string;
  /** The sms channel. */
  phone?: string;
  /** First name. */
  firstName?: string;
  /** Last name. */
  lastName?: string;
  /** Deleted without `erase`: kept, matching nothing until an import restores it. */
  deleted: boolean;
}

/** One asynchronous contact import (`POST /v1/contacts`). */
export interface EsputnikImportState {
  /** The `asyncSessionId` it was answered with. */
  id: string;
  /** `IN_PROGRESS` until the polls it takes, then `FINISHED` (and applied). */
  status: 'IN_PROGRESS' | 'FINISHED';
  /** `GET /v1/importstatus/{id}` calls so far. */
  polls: number;
  /** Contacts in the import. */
  total: number;
  /** Once finished: contacts created. */
  created: number;
  /** Once finished: contacts updated. */
  updated: number;
  /** Once finished: contacts skipped (deleted ones, imported without `restoreDeleted`). */
  skipped: number;
}

/** An order the eSputnik emulator holds: its fields (Add orders) or params (events), and its contact. */
export type EsputnikOrderState = Record<string, unknown> & {
  /** The contact the order belongs to (eSputnik's contact id). */
  contactId: number;
};

/** What the eSputnik emulator holds: contacts, imports, kept and ignored events, orders by externalOrderId. */
export interface EsputnikEmulatorState {
  /** Every request, in arrival order. */
  requests: EmulatorRequest[];
  /** Every kept event (Generate event and past events), in arrival order. */
  events: EsputnikEventState[];
  /** Every event, past event or order answered 200 but not kept, with the reason. */
  ignored: EsputnikIgnoredState[];
  /** The latest state of each order by `externalOrderId`, on its contact. */
  orders: Map<string, EsputnikOrderState>;
  /** Contacts by eSputnik's id (erased ones are gone; deleted ones marked). */
  contacts: Map<number, EsputnikContactState>;
  /** Contact imports by `asyncSessionId`. */
  imports: Map<string, EsputnikImportState>;
}
