// The contract between the core and an optional module (types only: nothing here ships). The core
// builds one ModuleHost per tracker and calls `setup(host)` once, in the browser only (never under
// SSR), when the module's capability is on and the module is here (imported by an npm user with
// `use`, or loaded by the script-tag core from its own file). A module keeps its state in that call's
// closure and may return hooks, which the core calls; calls the core made before the module was
// here were kept and are replayed, in order, right after `setup`. The core and a module file are
// minified apart, so every name here is part of the wire between two files and never changes
// meaning (none starts with `_`, which the minifier mangles).

/** What the core offers a module. */
export interface ModuleHost {
  /** The tracker's track(): same arguments as richpanel.track. */
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

/** What the core calls in a module, when the module has it. */
export interface ModuleHooks {
  /**
   * The page's address changed (history.pushState, replaceState, popstate; and once at start):
   * `href` and `title` as they were a task after the change, when routers have set the title.
   */
  route?(href: string, title: string): void;
  /** An `order` event's sanitized properties, while debug is on (the debug order check). */
  order?(properties: Record<string, unknown>): void;
}

/** An optional capability: `createTracker({ apiKey, use: [ecommerce()] })`, or a module file the core loads. */
export interface CartbeaconModule {
  /** The module's name, e.g. `'ecommerce'` (its file is `dist/richpanel.<name>.min.js`). */
  readonly name: string;
  /** Starts the module for one tracker; called once, in the browser. Never throws. */
  // biome-ignore lint/suspicious/noConfusingVoidType: a module whose setup returns nothing is typed `void`, not `undefined`
  setup(host: ModuleHost): ModuleHooks | void;
}
