// Public types of the Rfmcube and eSputnik emulators in the dev collector. Docs live here.

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

export interface EsputnikEmulatorOptions {
  /** The only key accepted (the HTTP Basic password). Unset: any non-empty password. */
  apiKey?: string;
  /** Largest event body before 413 (documented: 20 KB). */
  maxEventBytes?: number;
}

/** One request an emulator answered. */
export interface EmulatorRequest {
  at: number;
  method: string;
  path: string;
  status: number;
  bytes: number;
}

export interface RfmcubeProcessState {
  id: string;
  status: 'pending' | 'processing' | 'completed';
  polls: number;
  totalCustomers: number;
  totalOrders: number;
  processedCustomers: number;
  processedOrders: number;
}

/** What the Rfmcube emulator holds: customers by e-mail, each with orders by id. */
export interface RfmcubeEmulatorState {
  requests: EmulatorRequest[];
  processes: Map<string, RfmcubeProcessState>;
  customers: Map<string, Record<string, unknown> & { orders: Map<string, Record<string, unknown>> }>;
}

/** What the eSputnik emulator holds: every accepted event, and orders by externalOrderId. */
export interface EsputnikEmulatorState {
  requests: EmulatorRequest[];
  events: Array<{ eventTypeKey: string; keyValue: string; params: Record<string, string> }>;
  orders: Map<string, Record<string, string>>;
}
