// createTracker: the public API over identity, context, sanitizing and the batching queue. Every
// public method is guarded: nothing it is given can throw into the shop's page.
import { createLog } from './log.js';
import type { Log } from './log.js';
import { sanitizeProps } from './sanitize.js';
import { createContext } from './context.js';
import { createIdentity } from './identity.js';
import { isUuid, uuid } from './uuid.js';
import { createTransport, webStorage } from '../transport/index.js';
import { DEFAULT_HOST, trimHost } from '../protocol/hosts.js';
import type { EventName, IdentifyProperties, Properties, TrackArgs } from './events.js';

export { DEFAULT_HOST };
const VERSION = '__VERSION__';

export interface TrackerConfig {
  /** Your Richpanel API key (the `appClientId`). */
  apiKey: string;
  /** Collector origin, default `https://api.richpanel.com` (the dev server: `http://localhost:8787`). */
  host?: string;
  /** Milliseconds to wait for more events before sending a batch (default 1000). */
  flushDelay?: number;
}

export type { Properties };

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
}

/** The tracker createTracker returns. */
export interface LiveTracker extends Tracker {
  /** @internal Replays a queued call with the time it was made. */
  _call(name: unknown, args: unknown[], at?: unknown): unknown;
}

/** The public methods, in the order the loader stubs them. */
export const METHODS = ['track', 'identify', 'debug', 'atr', 'logout', 'flush'] as const;

function toTime(value: unknown): number | undefined {
  const ms = value instanceof Date ? value.getTime() : typeof value === 'string' ? Date.parse(value) : value;
  return typeof ms === 'number' && Number.isFinite(ms) ? ms : undefined;
}

/** Creates a tracker. Under Node (SSR) or with a bad config it is a silent no-op. */
export function createTracker(config: TrackerConfig): LiveTracker {
  const log = createLog();
  const w = typeof window !== 'undefined' ? window : undefined;
  const apiKey = config?.apiKey;
  if (!w || typeof apiKey !== 'string' || !apiKey) {
    if (w) log._warn('no apiKey: tracking is off');
    const off = () => {};
    return guard(log, {
      track: off,
      identify: off,
      debug: log._debug,
      atr: off,
      logout: off,
      flush: () => Promise.resolve(true),
    });
  }
  return guard(log, live(w, apiKey, config, log));
}

function live(w: Window, apiKey: string, config: TrackerConfig, log: Log): Tracker {
  const storage = webStorage(w);
  const who = createIdentity(w, storage, apiKey);
  const context = createContext(w);
  const transport = createTransport({
    _w: w,
    _storage: storage,
    _apiKey: apiKey,
    _host: trimHost(String(config.host || DEFAULT_HOST)),
    _pageId: uuid(),
    _header: () => {
      const token = (w as { richpanelSettings?: unknown }).richpanelSettings;
      return {
        event: 'send_batch',
        appClientId: apiKey,
        richpanelSettings: typeof token === 'string' ? token : undefined,
      };
    },
    _flushDelay: config.flushDelay,
    _warn: log._warn,
    _beforeLeave: who._save,
  });

  const record = (at: number, [event, properties, userProperties, originalTimestamp, eventId]: unknown[]) => {
    if (typeof event !== 'string' || !event) return log._warn('track() needs an event name', event);
    who._touch(at);
    transport._add({
      event,
      properties: sanitizeProps(properties, log._warn),
      userProperties: { ...who._user, ...sanitizeProps(userProperties, log._warn) },
      time: { sentAt: at, originalTimestamp: toTime(originalTimestamp) ?? at },
      eventId: isUuid(eventId) ? eventId : uuid(),
      appClientId: apiKey,
      did: who._did,
      sid: who._sid,
      version: VERSION,
      context: context(),
    });
  };

  const identify = (at: number, uid: unknown, properties?: unknown) => {
    if (typeof uid === 'number' ? !Number.isFinite(uid) : typeof uid !== 'string' || !uid) {
      return log._warn('identify() needs a uid', uid);
    }
    const id = String(uid);
    const prev = who._user && who._user.uid === id ? who._user : {};
    who._setUser({ ...prev, ...sanitizeProps(properties, log._warn), uid: id });
    record(at, ['identify']);
  };

  const api: LiveTracker = {
    track: (...a: unknown[]) => record(Date.now(), a),
    identify: (uid, properties) => identify(Date.now(), uid, properties),
    debug: log._debug,
    atr(name, fn) {
      if (name === 'onload' && typeof fn === 'function') fn();
      else log._warn('atr() takes ("onload", fn)', name);
    },
    logout() {
      who._setUser(null, true);
    },
    flush: transport._flush,
    _call(name, args, at) {
      const t = toTime(at) ?? Date.now();
      if (name === 'track') return record(t, args);
      if (name === 'identify') return identify(t, args[0], args[1]);
      if (METHODS.indexOf(name as (typeof METHODS)[number]) >= 0)
        return (api[name as 'atr'] as (...x: unknown[]) => unknown)(...args);
      log._warn('unknown method ignored', name);
    },
  };
  return api;
}

/** Wraps every method so that nothing can throw into the page. */
function guard(log: Log, api: Tracker & Partial<LiveTracker>): LiveTracker {
  const wrap =
    (name: string, fn: ((...a: never[]) => unknown) | undefined) =>
    (...a: unknown[]): unknown => {
      try {
        return fn?.(...(a as never[]));
      } catch (e) {
        log._warn(name + '() failed', e);
        if (name === 'flush') return Promise.resolve(false);
      }
    };
  const out = { _call: wrap('queued call', api._call) } as Record<string, unknown>;
  for (const name of METHODS) out[name] = wrap(name, api[name]);
  return out as unknown as LiveTracker;
}
