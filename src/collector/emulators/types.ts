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
  /** Largest request body before 416 (documented: 200 MB). Tests set it smaller. */
  maxBodyBytes?: number;
  /** Polls of `GET /processes/{id}` an import takes to complete (progress grows with each). Default 2. */
  pollsToComplete?: number;
}

/** Settings of the eSputnik emulator at `/esputnik/api/v1/event`. */
export interface EsputnikEmulatorOptions {
  /** The only key accepted (the HTTP Basic password). Unset: any non-empty password. */
  apiKey?: string;
  /** Largest event body before 413 (documented: 20 KB). */
  maxEventBytes?: number;
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
  /** `pending` until polled, `processing` while polls go on, `completed` once applied. */
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

/** An event the eSputnik emulator accepted. */
export interface EsputnikEventState {
  /** The event type, e.g. `orderUpdated`. */
  eventTypeKey: string;
  /** The contact it is for (an e-mail). */
  keyValue: string;
  /** Its params by name. */
  params: Record<string, string>;
}

/** What the eSputnik emulator holds: every accepted event, and orders by externalOrderId. */
export interface EsputnikEmulatorState {
  /** Every request, in arrival order. */
  requests: EmulatorRequest[];
  /** Every accepted event, in arrival order. */
  events: EsputnikEventState[];
  /** The latest params of each order by `externalOrderId`. */
  orders: Map<string, Record<string, string>>;
}
