// The contract between the core and an optional module (types only: nothing here ships). The core
// builds one ModuleHost per tracker and calls `setup(host)` once, in the browser only (never under
// SSR); a module keeps its own state in that call's closure. The core and a module file are
// minified apart, so every name here is part of the wire between two files and never changes
// meaning; a module reads nothing of the core but these four members.

/** What the core offers a module. */
export interface ModuleHost {
  /**
   * The tracker's track(): same arguments as richpanel.track. The properties are plain records, so
   * a tracker's own `track` is a ModuleHost's as it is (`object` would not be: track takes
   * `Properties`).
   */
  track(
    event: string,
    properties?: Record<string, unknown>,
    userProperties?: Record<string, unknown>,
    originalTimestamp?: number | string | Date,
    eventId?: string,
  ): void;
  /** The API key (the purchase eventId is derived from it). */
  readonly apiKey: string;
  /** The options the tracker was made with (load() options / createTracker options). */
  readonly options: Readonly<Record<string, unknown>>;
  /** Debug warning (a W-code, counted, shown only with debug on). */
  warn(code: number, detail?: unknown): void;
}

/** An optional capability: `createTracker({ apiKey, use: [ecommerce()] })`, or a module file the core loads. */
export interface CartbeaconModule {
  /** The module's name, e.g. `'ecommerce'` (its file is `dist/richpanel.<name>.min.js`). */
  readonly name: string;
  /** Starts the module for one tracker; called once, in the browser. Never throws. */
  setup(host: ModuleHost): void;
}
