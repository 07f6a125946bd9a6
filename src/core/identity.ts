// Who is tracking: a device id `did` (first-party cookie + localStorage, so either one surviving
// keeps the visitor), a session id `sid` (new after 30 idle minutes) and, after identify(), the
// user's uid and properties. Changes are written once per burst, never per call.
import type { Storage } from '../transport/storage.js';
import { readJson } from '../transport/storage.js';
import { SESSION_TIMEOUT_MS } from '../transport/limits.js';
import type { Json } from './sanitize.js';
import { uuid } from './uuid.js';

/** The device cookie lives two years: long enough for repeat buyers, within browsers' caps. */
const COOKIE_MAX_AGE_S = 63_072_000;
const DID = 'cb_did';
const SID = 'cb_sid';

export type User = { [key: string]: Json };

export interface Identity {
  _did: string;
  _sid: string;
  _user: User | null;
  /** Notes activity at `at`; starts a new session after 30 idle minutes. */
  _touch(at: number): void;
  _setUser(user: User | null): void;
  /** Forgets the user and starts a new device and session. */
  _reset(): void;
  /** Writes pending changes now (page leave). */
  _save(): void;
}

export function createIdentity(w: Window, storage: Storage, apiKey: string): Identity {
  const userKey = 'cb_user:' + apiKey;
  const d = w.document;
  const fromCookie = /(?:^|;\s*)cb_did=([^;]+)/.exec(d.cookie || '');
  const s = readJson(storage, SID) as { id?: unknown; at?: unknown } | null;
  const u = readJson(storage, userKey);
  let pending = false;

  const id: Identity = {
    _did: (fromCookie && decodeURIComponent(fromCookie[1]!)) || storage._get(DID) || uuid(),
    _sid: s && typeof s.id == 'string' ? s.id : uuid(),
    _user: u && typeof u == 'object' && !Array.isArray(u) ? (u as User) : null,
    _touch(at) {
      if (at - last > SESSION_TIMEOUT_MS) id._sid = uuid();
      last = Math.max(last, at);
      later();
    },
    _setUser(user) {
      id._user = user;
      later();
    },
    _reset() {
      id._did = uuid();
      id._sid = uuid();
      id._user = null;
      last = Date.now();
      later();
    },
    _save() {
      pending = false;
      storage._set(DID, id._did);
      storage._set(SID, JSON.stringify({ id: id._sid, at: last }));
      if (id._user) storage._set(userKey, JSON.stringify(id._user));
      else storage._del(userKey);
      try {
        d.cookie = `${DID}=${encodeURIComponent(id._did)}; path=/; max-age=${COOKIE_MAX_AGE_S}; samesite=lax${w.location.protocol == 'https:' ? '; secure' : ''}`;
      } catch {
        // cookies blocked (sandboxed frame): localStorage still has it
      }
    },
  };
  let last = s && typeof s.at == 'number' ? s.at : Date.now();
  const later = () => {
    if (!pending) {
      pending = true;
      setTimeout(id._save, 0);
    }
  };
  id._touch(Date.now());
  return id;
}
