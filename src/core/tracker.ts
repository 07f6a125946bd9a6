// createTracker: the public API over identity, context, sanitizing, consent and the transport.
// Every public method is guarded: nothing it is given can throw into the shop's page.
import { createLog } from './log.js';
import type { Log } from './log.js';
import { sanitizeProps } from './sanitize.js';
import { createContext } from './context.js';
import { capUser, createIdentity, forget, type Identity } from './identity.js';
import { CONSENT_COOKIE, type Consent, rememberConsent, startConsent } from './consent.js';
import { readCookies } from './cookies.js';
import type { Modules, ModulesOf } from './modules.js';
import { npmModules } from './npm-modules.js';
import { watchHistory } from './history.js';
import { isUuid, uuid } from './uuid.js';
import {
  W_ATR,
  W_CONSENT_ARG,
  W_DENIED_EVENT,
  W_DENIED_WAITING,
  W_NO_EVENT,
  W_NO_KEY,
  W_NO_UID,
  W_START_FAILED,
  W_THREW,
  W_UNKNOWN_METHOD,
  W_USER_CUT,
} from '../transport/warnings.js';
import {
  createTransport,
  NativePromise,
  type Ev,
  type Storage,
  type Transport,
  webStorage,
} from '../transport/index.js';
import { DEFAULT_HOST, trimHost } from '../protocol/hosts.js';
import type { EventName, IdentifyProperties, Properties, TrackArgs } from './events.js';
import type { CartbeaconModule } from '../modules/module.js';
import type { EcommerceOptions } from '../modules/ecommerce/index.js';

export { DEFAULT_HOST };
const VERSION = '__VERSION__';

/** The options of `createTracker()` (and of `richpanel.load(key, options)`, the React provider, the Vue plugin). */
export interface TrackerConfig {
  /** Your Richpanel API key (the `appClientId`). */
  apiKey: string;
  /** Where events go, default `https://api.richpanel.com` (the dev server: `http://localhost:8787`). */
  host?: string;
  /** Milliseconds to wait for more events before sending a batch (default 1000). */
  flushDelay?: number;
  /**
   * `'pending'`: nothing is stored or sent until `consent('granted')`; events wait in memory.
   * A visitor's earlier answer (remembered on the shop's domain) wins. Default: tracking on.
   */
  consent?: 'pending' | 'granted' | 'denied';
  /** Treat the browser's Global Privacy Control signal as a denial (unless the visitor granted). */
  respectGpc?: boolean;
  /** `'history'`: a `page_view` on start and on every path or query change (single-page apps). */
  pageViews?: 'history' | false;
  /** `'single'`: one event per request to `<host>/v3/t` (Richpanel's own format); default batches to `/v2/bt`. */
  transport?: 'batch' | 'single';
  /** `true`: load Richpanel's messenger (chat) for this visitor; a string: that script URL instead. */
  messenger?: boolean | string;
  /** CSP nonce for the scripts the core adds (its modules, the messenger). */
  nonce?: string;
  /**
   * `'dataLayer'` (or `true`): Richpanel's events from the shop's GA4 / Universal Analytics
   * e-commerce pushes to `window.dataLayer` and a product page's JSON-LD (the e-commerce module).
   */
  ecommerce?: 'dataLayer' | boolean | EcommerceOptions;
  /**
   * The optional modules this tracker may use (npm): `use: [pageViews(), ecommerce()]`. A module
   * given here is on; the script-tag core loads a module's file instead, when its option is on.
   */
  use?: readonly CartbeaconModule[];
}

export type { Properties };

/**
 * The Richpanel-compatible API a page calls, as `window.richpanel` offers it: `track`, `identify`,
 * `debug`, `atr`, `logout`, `flush`, `consent`. Every method is safe to call at any time, also under SSR.
 */
export interface Tracker {
  /**
   * Records an event: `track(event, properties?, userProperties?, originalTimestamp?, eventId?)`. The
   * documented events (`order`, `add_to_cart`, … see `StorefrontEvents`) type-check their properties;
   * any other name takes any properties. Never throws; bad input is made safe or ignored with a debug warning.
   */
  track<E extends EventName | (string & {})>(event: E, ...args: TrackArgs<E>): void;
  /** Sends an `identify` event and remembers the user (uid + properties) for later events and pages. */
  identify(uid: string | number, properties?: IdentifyProperties | null): void;
  /** Turns console diagnostics on (`true`) or off. */
  debug(on?: boolean): void;
  /** `atr("onload", fn)`: runs `fn` once the tracker is ready. */
  atr(name: string, fn: () => void): void;
  /** Forgets the user; the device and the session start anew. */
  logout(): void;
  /** Sends everything pending now; resolves true when nothing is left undelivered. */
  flush(): Promise<boolean>;
  /** The visitor's answer to the consent banner: `'granted'` sends what waited, `'denied'` forgets everything. */
  consent(answer: 'granted' | 'denied'): void;
}

/** The tracker createTracker returns. */
export interface LiveTracker extends Tracker {
  /** @internal Replays a queued call with the time it was made. */
  _call(name: unknown, args: unknown[], at?: unknown): unknown;
  /** @internal The current identity (richpanel.did / .sid read it). */
  _who(): Identity;
}

/** The public methods, in the order the loader stubs them. */
export const METHODS = ['track', 'identify', 'debug', 'atr', 'logout', 'flush', 'consent'] as const;

function toTime(value: unknown): number | undefined {
  const ms = value instanceof Date ? +value : typeof value === 'string' ? Date.parse(value) : value;
  return Number.isFinite(ms) ? (ms as number) : undefined;
}

/**
 * Creates a tracker with the modules given in `use` (the npm entry). Under Node (SSR) or with a bad
 * config it is a silent no-op.
 */
export const createTracker = (config: TrackerConfig): LiveTracker => makeTracker(config, npmModules(config?.use));

/** Creates a tracker whose optional modules come from `modules` (the script-tag core loads their files). */
export function makeTracker(config: TrackerConfig, modules: ModulesOf): LiveTracker {
  const log = createLog();
  const apiKey = config?.apiKey;
  if (typeof window !== 'undefined') {
    if (typeof apiKey === 'string' && apiKey) return guard(log, live(window, apiKey, config, log, modules));
    log._warn(W_NO_KEY);
  }
  // off: guard() gives every method it lacks as a no-op
  return guard(log, {
    debug: log._debug,
    flush: () => NativePromise.resolve(true),
    _who: () => ({ _did: '', _sid: '' }) as Identity,
  } as LiveTracker);
}

function live(w: Window, apiKey: string, config: TrackerConfig, log: Log, modules: ModulesOf): LiveTracker {
  const warn = log._warn;
  const storage = webStorage(w);
  const context = createContext(w);
  let state: Consent;
  /** Unset until init(). */
  let who!: Identity;
  let transport: Transport | undefined;
  /** Events made while consent is pending: sent in order once granted, dropped if denied. */
  let waiting: Ev[] = [];
  const mods: Modules = modules({
    track: (...a: unknown[]) => api.track(...(a as [string])),
    apiKey,
    options: config as never,
    warn,
  });
  const on = mods._on;

  /**
   * Enters a consent state: at start-up (with the cookies read) and on each new answer. All or
   * nothing: the identity and the transport are made first and only then put in place; when making
   * them throws (a page broke a built-in they use), they are made again over a storage that holds
   * nothing: a tracker that sends from memory, never one with ids and no transport (issue 24).
   */
  const begin = (to: Consent, jar?: Record<string, string>) => {
    const was = who;
    state = to;
    transport?._stop();
    const make = (store: Storage) => {
      // granted: adopt the stored ids; otherwise new ids in memory only
      who = createIdentity(w, to === 'granted' ? store : null, apiKey, jar);
      transport =
        to === 'granted'
          ? createTransport({
              _w: w,
              _storage: store,
              _apiKey: apiKey,
              _host: trimHost(String(config.host || DEFAULT_HOST)),
              _pageId: uuid(),
              _mode: config.transport,
              _header: () => {
                const token = (w as { richpanelSettings?: unknown }).richpanelSettings;
                return {
                  event: 'send_batch',
                  appClientId: apiKey,
                  richpanelSettings: typeof token === 'string' ? token : undefined,
                };
              },
              _flushDelay: config.flushDelay,
              _warn: warn,
              _beforeLeave: () => who._save(),
            })
          : undefined;
    };
    try {
      make(storage);
    } catch (e) {
      warn(W_START_FAILED, e);
      // both made again over a window without localStorage: every read empty, every write refused
      make(webStorage({} as Window));
    }
    if (transport) {
      if (!who._user && was?._user) who._setUser(was._user);
      on('messenger', config.messenger);
      // what waited is sent in order, under the ids it is sent with
      for (const ev of waiting) {
        ev.did = who._did;
        ev.sid = who._sid;
        transport._add(ev);
      }
    } else if (was) {
      if (waiting.length) warn(W_DENIED_WAITING, waiting.length);
      forget(w, storage);
    }
    waiting = [];
  };
  /**
   * Cookies, storage and the transport are read on first need (a call, `richpanel.did`), or in the
   * task after start-up: the tracker is ready before them. document.cookie and the first
   * localStorage access are synchronous round trips that cost about a millisecond each.
   */
  const init = () => {
    if (!who) {
      const jar = readCookies(w); // once: consent and identity both read it
      const gpc = (w.navigator as { globalPrivacyControl?: unknown }).globalPrivacyControl === true;
      begin(startConsent(config.consent, jar[CONSENT_COOKIE], !!config.respectGpc && gpc), jar);
    }
    return who;
  };

  /** track(); `at`: when it was called (a queued call's time). */
  const record = ([event, properties, userProperties, originalTimestamp, eventId]: unknown[], at = Date.now()) => {
    if (typeof event !== 'string' || !event) return warn(W_NO_EVENT, event);
    init();
    if (state === 'denied') return warn(W_DENIED_EVENT, event);
    who._touch(at);
    const props = sanitizeProps(properties, warn);
    // only in debug mode: in production an order pays nothing for a check nobody reads
    if (event === 'order' && log._on) mods._hook('order', props);
    const ev: Ev = {
      event,
      properties: props,
      userProperties: { ...who._user, ...sanitizeProps(userProperties, warn) },
      time: { sentAt: at, originalTimestamp: toTime(originalTimestamp) ?? at },
      eventId: isUuid(eventId) ? eventId : uuid(),
      appClientId: apiKey,
      did: who._did,
      sid: who._sid,
      version: VERSION,
      context: context(),
    };
    if (transport) transport._add(ev);
    else waiting.push(ev);
  };

  const identify = ([uid, properties]: unknown[], at?: number) => {
    // a non-empty string, or a finite number
    if (!(typeof uid === 'string' ? uid : Number.isFinite(uid))) return warn(W_NO_UID, uid);
    const id = String(uid);
    const prev = init()._user?.uid === id ? who._user : {};
    const [user, cut] = capUser({ ...prev, ...sanitizeProps(properties, warn), uid: id });
    if (cut) warn(W_USER_CUT);
    who._setUser(user);
    record(['identify'], at);
  };

  const api: LiveTracker = {
    track: (...a: unknown[]) => record(a),
    identify: (...a: unknown[]) => identify(a),
    debug(on_) {
      log._debug(on_);
      // the order check is a module of its own, loaded only when debug is turned on
      if (log._on) on('order-check', 1);
    },
    atr(name, fn) {
      if (name === 'onload' && typeof fn === 'function') fn();
      else warn(W_ATR, name);
    },
    logout: () => init()._setUser(null, true),
    flush: () => {
      init();
      return transport ? transport._flush() : NativePromise.resolve(!waiting.length);
    },
    consent(answer) {
      if (answer !== 'granted' && answer !== 'denied') return warn(W_CONSENT_ARG, answer);
      init();
      rememberConsent(w, answer);
      if (answer !== state) begin(answer);
    },
    _who: init,
    _call(name, args, at) {
      const t = toTime(at);
      if (name === 'track') return record(args, t);
      if (name === 'identify') return identify(args, t);
      if (METHODS.includes(name as 'atr')) return (api[name as 'atr'] as (...x: unknown[]) => unknown)(...args);
      warn(W_UNKNOWN_METHOD, name);
    },
  };
  setTimeout(init);
  if (on('page-views', config.pageViews === 'history'))
    watchHistory(w, (href, title) => mods._hook('route', href, title));
  on('ecommerce', config.ecommerce);
  return api;
}

/** Wraps every method in place so that nothing can throw into the page. */
function guard(log: Log, api: LiveTracker): LiveTracker {
  const wrap =
    (name: string, fn: ((...a: never[]) => unknown) | undefined) =>
    (...a: unknown[]): unknown => {
      try {
        return fn?.(...(a as never[]));
      } catch (e) {
        log._warn(W_THREW, [name, e]);
        if (name === 'flush') return NativePromise.resolve(false);
      }
    };
  const out = api as unknown as Record<string, unknown>;
  for (const name of METHODS) out[name] = wrap(name, api[name]);
  out._call = wrap('call', api._call);
  return api;
}
