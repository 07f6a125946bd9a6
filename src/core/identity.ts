// Who is tracking, kept where Richpanel's own script keeps it so that a shop switching scripts in
// either direction keeps its visitors and customers: the device id `did` in the `rpdid` cookie,
// the session id `sid` in `rpsid`, the API key they belong to in `rptkn` (another key starts new
// ids), and the identified user in localStorage `rpuid` + `userProperties`. A copy of did/sid in
// localStorage (`cb_id:<key>`) keeps the visitor where cookies are blocked. Changes are written once
// per burst, never per call. Without storage (consent pending or denied) it lives in memory only:
// nothing is read, nothing is written.
import type { Storage } from '../transport/index.js';
import { stringify } from '../protocol/json.js';
import { readCookies, writeCookie } from './cookies.js';
import type { Json } from './sanitize.js';
import { uuid } from './uuid.js';

/** Richpanel's device cookie lives 32,554 hours (about 3.7 years). */
const DEVICE_MAX_AGE_S = 32_554 * 3600;
/** A session ends after 6 hours without activity: Richpanel's `rpsid`, renewed on each event. */
export const SESSION_TIMEOUT_MS = 6 * 3_600_000;
/** What identify() remembers and every later event carries: a few names, not documents (JSON chars). */
export const MAX_USER_CHARS = 4_096;
/** Every key Richpanel's script or cartbeacon stores (consent('denied') removes them all). */
export const COOKIES = ['rpdid', 'rpsid', 'rptkn'];
export const STORED_KEYS = ['rpuid', 'rpcuid', 'userProperties'];

export type User = { uid: string; [key: string]: Json };

export interface Identity {
  _did: string;
  _sid: string;
  /** Last activity (epoch ms). */
  _at: number;
  _user: User | null;
  /** Notes activity at `at`; starts a new session after 6 idle hours. */
  _touch(at: number): void;
  /** Sets the user (null forgets it); `reset` also starts a new device and session. */
  _setUser(user: User | null, reset?: boolean): void;
  /** Writes pending changes now (page leave). */
  _save(): void;
}

interface Saved {
  did?: unknown;
  sid?: unknown;
  /** Not a number: `now - at` is NaN, so no session to continue. */
  at?: number;
}

/**
 * Pure: the user to remember, at most `MAX_USER_CHARS` of JSON. The largest values go first (a pasted
 * blob, not the e-mail); `uid` always stays. Returns the user and whether anything was cut.
 */
export function capUser(user: User): [User, boolean] {
  let total = stringify(user).length;
  if (total <= MAX_USER_CHARS) return [user, false]; // nearly always: one stringify, no per-key sizes
  const out = { ...user };
  const sizes = Object.keys(user).map((k): [string, number] => [k, stringify(user[k]).length + k.length + 4]);
  for (const [k, size] of sizes.sort((a, b) => b[1] - a[1]))
    if (total > MAX_USER_CHARS && k !== 'uid') {
      delete out[k];
      total -= size;
    }
  return [out, true];
}

/** The user Richpanel's script (or an earlier page) left in localStorage, if any (capped). */
function storedUser(storage: Storage): User | null {
  const uid = storage._get('rpuid');
  if (!uid) return null;
  const props = storage._json('userProperties');
  // Richpanel's script may have written the uid as JSON text ("\"42\"")
  const id = storage._json('rpuid');
  return capUser({
    ...(typeof props === 'object' && !Array.isArray(props) && (props as User)),
    uid: typeof id === 'object' ? uid : String(id),
  })[0];
}

/**
 * `jar`: the page's cookies when the caller has read them already (document.cookie is a synchronous
 * round trip to the browser process: start-up reads it once).
 */
export function createIdentity(
  w: Window,
  storage: Storage | null,
  apiKey: string,
  jar: Record<string, string> = storage ? readCookies(w) : {},
): Identity {
  const key = 'cb_id:' + apiKey;
  // ids of another API key are not this shop's visitor's
  const mine = !jar.rptkn || jar.rptkn === apiKey;
  // both ids in cookies: the localStorage copy is not needed (a storage read saved at start-up)
  const s = ((storage && !(mine && jar.rpdid && jar.rpsid) && storage._json(key)) || {}) as Saved;
  let pending = false;
  const put = (name: string, value: string) => {
    if (jar[name] !== value) {
      jar[name] = value;
      writeCookie(w, name, value, DEVICE_MAX_AGE_S);
    }
  };
  const later = () => {
    if (!pending) {
      pending = true;
      setTimeout(id._save);
    }
  };
  const now = Date.now();
  const id: Identity = {
    _did: (mine && jar.rpdid) || (typeof s.did === 'string' && s.did) || uuid(),
    // a live rpsid cookie means the session is younger than 6 idle hours
    _sid: (mine && jar.rpsid) || (now - s.at! < SESSION_TIMEOUT_MS && typeof s.sid === 'string' && s.sid) || uuid(),
    _at: now,
    _user: storage && mine ? storedUser(storage) : null,
    _touch(t) {
      if (t - id._at > SESSION_TIMEOUT_MS) id._sid = uuid();
      if (t > id._at) id._at = t;
      later();
    },
    _setUser(u, reset) {
      id._user = u;
      if (reset) {
        id._did = uuid();
        id._sid = uuid();
      }
      later();
    },
    _save() {
      pending = false;
      if (!storage) return;
      try {
        storage._set(key, stringify({ did: id._did, sid: id._sid, at: id._at }));
        const u = id._user;
        if (u) {
          const { uid, ...props } = u;
          storage._set('rpuid', uid);
          storage._set('userProperties', stringify(props));
        } else for (const k of STORED_KEYS) storage._del(k);
      } catch {
        // a page that broke JSON: the ids stay in memory and in the cookies
      }
      // the session cookie slides with each burst; the others are written when they change
      put('rpdid', id._did);
      writeCookie(w, 'rpsid', id._sid, SESSION_TIMEOUT_MS / 1000);
      put('rptkn', apiKey);
    },
  };
  // the ids outlive this page even if it makes no event (the messenger reads richpanel.did)
  if (storage) later();
  return id;
}

/** Removes every cookie and storage entry cartbeacon or Richpanel's script set (consent denied). */
export function forget(w: Window, storage: Storage): void {
  for (const name of COOKIES) writeCookie(w, name, '', -1);
  for (const k of [...STORED_KEYS, ...storage._keys('cb_id:'), ...storage._keys('cb:')]) storage._del(k);
}
