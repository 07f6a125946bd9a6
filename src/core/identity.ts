// Who is tracking: a device id `did` (first-party cookie + localStorage, so either one surviving
// keeps the visitor), a session id `sid` (new after 30 idle minutes) and, after identify(), the
// user's uid and properties. Kept in one record; changes are written once per burst, never per call.
import { readJson, type Storage } from '../transport/index.js';
import { stringify } from '../protocol/json.js';
import type { Json } from './sanitize.js';
import { uuid } from './uuid.js';

/** The device cookie lives two years: long enough for repeat buyers, within browsers' caps. */
const COOKIE_MAX_AGE_S = 63_072_000;
/** A session ends after 30 minutes without activity (the industry-standard web session). */
export const SESSION_TIMEOUT_MS = 30 * 60_000;

export type User = { [key: string]: Json };

export interface Identity {
  _did: string;
  _sid: string;
  /** Last activity (epoch ms). */
  _at: number;
  _user: User | null;
  /** Notes activity at `at`; starts a new session after 30 idle minutes. */
  _touch(at: number): void;
  /** Sets the user (null forgets it); `reset` also starts a new device and session. */
  _setUser(user: User | null, reset?: boolean): void;
  /** Writes pending changes now (page leave). */
  _save(): void;
}

interface Saved {
  did?: unknown;
  sid?: unknown;
  at?: unknown;
  user?: unknown;
}

const str = (v: unknown) => (typeof v === 'string' && v ? v : 0);

export function createIdentity(w: Window, storage: Storage, apiKey: string): Identity {
  const key = 'cb_id:' + apiKey;
  const d = w.document;
  const s = (readJson(storage, key) || {}) as Saved;
  let cookie: RegExpExecArray | null = null;
  try {
    cookie = /(?:^|;\s*)cb_did=([\w-]+)/.exec(d.cookie);
  } catch {
    // reading cookies throws in sandboxed frames: localStorage may still have the device id
  }
  let pending = false;
  const later = () => {
    if (!pending) {
      pending = true;
      setTimeout(id._save, 0);
    }
  };
  const id: Identity = {
    _did: cookie?.[1] || str(s.did) || uuid(),
    _sid: str(s.sid) || uuid(),
    _at: typeof s.at === 'number' ? s.at : 0,
    _user: s.user && typeof s.user === 'object' && !Array.isArray(s.user) ? (s.user as User) : null,
    _touch(at) {
      if (at - id._at > SESSION_TIMEOUT_MS) id._sid = uuid();
      if (at > id._at) id._at = at;
      later();
    },
    _setUser(user, reset) {
      id._user = user;
      if (reset) {
        id._did = uuid();
        id._sid = uuid();
      }
      later();
    },
    _save() {
      pending = false;
      storage._set(key, stringify({ did: id._did, sid: id._sid, at: id._at, user: id._user }));
      try {
        d.cookie = `cb_did=${id._did}; path=/; max-age=${COOKIE_MAX_AGE_S}; samesite=lax${w.location.protocol === 'https:' ? '; secure' : ''}`;
      } catch {
        // cookies blocked (sandboxed frame): localStorage still has it
      }
    },
  };
  id._touch(Date.now());
  return id;
}
