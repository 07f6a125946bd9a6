// Persistence of undelivered events, one localStorage record per page ("tab") and API key, so tabs
// never write over each other. A record whose page is gone (its Web Lock is released) is adopted
// by the next page of the site and its events are sent first, with their original eventIds.
import type { Storage } from './storage.js';
import type { Ev, Warn } from './types.js';
import { parse, stringify } from '../protocol/json.js';
import { W_BAD_BACKLOG, W_STORAGE } from './warnings.js';

/** Bump when the stored shape changes: old records are then ignored, never misread. */
export const STORE_VERSION = 1;
/** At most this many stored events per tab (about a day of heavy browsing); see `shed` for which go. */
export const MAX_STORED_EVENTS = 1_000;
/** At most this many characters stored per tab: localStorage holds ~5 MB per origin, shared with the shop. */
export const MAX_STORED_CHARS = 1_000_000;
/** Without Web Locks: a record untouched this long belongs to a closed page. */
export const ORPHAN_AGE_MS = 5 * 60_000;

/** What one page keeps: `q` unsent or in flight, `b` handed to a beacon and not yet confirmed. */
export interface Saved {
  t: number;
  q: Ev[];
  b: Ev[];
}

/** Pure: a stored record's events, or null when it is not one (garbage, another version). */
export function parseSaved(value: unknown): Saved | null {
  const v = value as Saved | null;
  // a primitive has no number `t`
  return v && typeof v.t === 'number' && Array.isArray(v.q) && Array.isArray(v.b) ? v : null;
}

/**
 * Pure: the `n` of `events` (oldest first) a cap drops: the oldest events that are not orders (page
 * views, impressions, carts…), and only when those are not enough, the oldest orders. A cap never
 * drops an order to keep a page view.
 */
export function shed(events: readonly Ev[], n: number): Set<Ev> {
  const gone = new Set<Ev>();
  for (const order of [false, true])
    for (const e of events) if (gone.size < n && (e.event === 'order') === order) gone.add(e);
  return gone;
}

/** True when this page's JSON parser works (a page may have broken JSON.parse before the core loaded). */
function parserWorks(): boolean | undefined {
  try {
    return parse('1') === 1;
  } catch {
    // broken
  }
}

export interface Backlog {
  /** Writes this page's undelivered events; returns the ones the caps dropped. */
  _save(q: Ev[], b: Ev[]): Set<Ev>;
  /** Takes the events of pages that are gone (removing their records) and hands them to `take`. */
  _adopt(take: (events: Ev[]) => void): void;
  /** Lets other pages adopt this record (pagehide: a held Web Lock keeps a page out of the back/forward cache). */
  _release(): void;
  /** Holds this page's record again (the page came back from the back/forward cache). */
  _hold(): void;
}

export function createBacklog(storage: Storage, apiKey: string, pageId: string, warn: Warn): Backlog {
  const prefix = `cb:v${STORE_VERSION}:${apiKey}:`;
  const own = prefix + pageId;
  const locks = globalThis.navigator?.locks;
  // Release functions of the locks this page holds: its own record's, from its first write (a
  // pending request counts too, so no page adopts a record being written) until the page is gone,
  // and those of the records it adopted. Not taken at start-up: most pages never store anything,
  // and the request costs start-up time.
  const held: (() => void)[] = [];
  let holding = false;
  let wrote = false;
  /** A lock callback's result that holds the lock until the page leaves. */
  const untilLeft = () => new Promise<void>((r) => held.push(r));
  /**
   * locks.request that never throws: a page's shim may throw, or run the callback and return no
   * Promise (then `.catch` threw, half-way through start-up, issue 24).
   */
  const lock = (name: string, options: LockOptions, fn: LockGrantedCallback<unknown>) => {
    try {
      locks!.request(name, options, fn).catch(() => {});
    } catch {
      // what the callback did stands; a lock the shim never gave is simply not held
    }
  };
  const hold = () => {
    if (!locks || holding) return;
    holding = true;
    // released before it was granted (the page left at once): let it go at once
    lock(own, {}, () => (holding ? untilLeft() : 0));
  };
  /**
   * Takes a gone page's record (listed earlier): deletes it and hands its events to `to`. Without
   * Web Locks, `since` leaves a record written since then alone (its page may be alive). A record
   * that does not parse is removed as garbage (W24) only when the parser reads JSON: a page whose
   * JSON.parse throws leaves the record to a page whose parser works (issue 24).
   */
  const take = (key: string, to: (events: Ev[]) => void, since = Infinity) => {
    const saved = parseSaved(storage._json(key));
    // left alone when written since `since`; when gone since it was listed (another page adopted
    // it meanwhile), nothing to take and nothing wrong; unread when this page cannot parse JSON
    if (saved ? saved.t >= since : storage._get(key) == null || !parserWorks()) return;
    storage._del(key);
    if (saved) to(saved.b.concat(saved.q));
    else warn(W_BAD_BACKLOG);
  };
  return {
    _hold: () => wrote && hold(),
    _release() {
      holding = false;
      for (const r of held.splice(0)) r();
    },
    _save(q, b) {
      const n = b.length + q.length;
      if (!n) {
        storage._del(own);
        return new Set();
      }
      wrote = true;
      hold();
      // At most MAX_STORED_EVENTS, then 10% fewer at a time until the text is small enough; which
      // go is shed()'s choice (b is older than q).
      for (let keep = MAX_STORED_EVENTS; ; ) {
        const gone = shed(b.concat(q), n - keep);
        const kept = (list: Ev[]) => list.filter((e) => !gone.has(e));
        let text: string;
        try {
          text = stringify({ t: Date.now(), q: kept(q), b: kept(b) });
        } catch (e) {
          warn(W_STORAGE, e); // a page broke JSON: keep them in memory
          return new Set();
        }
        keep = Math.floor((n - gone.size) * 0.9);
        if (text.length <= MAX_STORED_CHARS || !keep) {
          if (!storage._set(own, text)) warn(W_STORAGE);
          return gone;
        }
      }
    },
    _adopt(to) {
      for (const key of storage._keys(prefix)) {
        if (key === own) continue;
        if (locks) {
          // A record is taken under its own lock, only when that lock is free (its page is gone), and
          // the lock is then kept while this page lives: localStorage reaches other pages late, and
          // a page that still lists the record finds it taken, so no record is ever sent by two pages.
          // (A page asks for its own lock before its first write: the request goes straight to the
          // browser, while the write reaches another page only through the browser.)
          lock(key, { ifAvailable: true }, (granted) => {
            if (!granted) return;
            take(key, to);
            return untilLeft();
          });
        } else take(key, to, Date.now() - ORPHAN_AGE_MS); // untouched that long (or garbage): its page is gone
      }
    },
  };
}
