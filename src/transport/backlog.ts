// Persistence of undelivered events, one localStorage record per page ("tab") and API key, so tabs
// never write over each other. A record whose page is gone (its Web Lock is released) is adopted
// by the next page of the site and its events are sent first, with their original eventIds.
import type { Storage } from './storage.js';
import type { Ev, Warn } from './types.js';
import { stringify } from '../protocol/json.js';
import { W_BAD_BACKLOG, W_STORAGE } from './warnings.js';

/** Bump when the stored shape changes: old records are then ignored, never misread. */
export const STORE_VERSION = 1;
/** At most this many stored events per tab (about a day of heavy browsing); oldest go first. */
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

export interface Backlog {
  /** Writes this page's undelivered events; returns how many the caps dropped. */
  _save(q: Ev[], b: Ev[]): number;
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
  // Held from this page's first write (a pending request counts as held for the adopters, so no
  // page adopts a record being written) until the page is gone: then the next page may adopt it.
  // Not taken at start-up: most pages never store anything, and the request costs start-up time.
  let release = () => {};
  let holding = false;
  let wrote = false;
  const hold = () => {
    if (!locks || holding) return;
    holding = true;
    locks
      .request(
        own,
        () =>
          new Promise<void>((r) => {
            // released before it was granted (the page left at once): let it go at once
            if (holding) release = r;
            else r();
          }),
      )
      .catch(() => {});
  };

  return {
    _hold: () => wrote && hold(),
    _release() {
      holding = false;
      release();
    },
    _save(q, b) {
      const n = b.length + q.length;
      if (!n) {
        storage._del(own);
        return 0;
      }
      wrote = true;
      hold();
      // Keeps the newest events: the oldest beaconed (b is older) go first, then the oldest queued;
      // at most MAX_STORED_EVENTS, then 10% fewer at a time until the text is small enough.
      for (let keep = MAX_STORED_EVENTS; ; ) {
        const over = Math.max(0, n - keep);
        let text: string;
        try {
          text = stringify({ t: Date.now(), q: q.slice(Math.max(0, over - b.length)), b: b.slice(over) });
        } catch (e) {
          warn(W_STORAGE, e); // a page broke JSON: keep them in memory
          return 0;
        }
        keep = Math.floor((n - over) * 0.9);
        if (text.length <= MAX_STORED_CHARS || !keep) {
          if (!storage._set(own, text)) warn(W_STORAGE);
          return over;
        }
      }
    },
    _adopt(take) {
      const sweep = (keys: string[], isOrphan: (key: string, saved: Saved | null) => boolean) => {
        for (const key of keys) {
          if (key === own) continue;
          const saved = parseSaved(storage._json(key));
          // gone since it was listed (another page adopted it meanwhile): nothing to take, nothing wrong
          if (!saved && storage._get(key) == null) continue;
          if (!isOrphan(key, saved)) continue;
          storage._del(key);
          if (saved) take(saved.b.concat(saved.q));
          else warn(W_BAD_BACKLOG);
        }
      };
      if (locks) {
        // One page adopts at a time, so no record is ever taken (and sent) by two pages.
        locks
          .request(prefix, async () => {
            // The records are listed before the locks are asked for: a page takes its lock before it
            // writes its record, so a record seen here has its lock in the answer below. (Asked the
            // other way round, a page that wrote in between looked gone: two tabs opened together
            // adopted each other's live records and sent every event twice.) Each record is read
            // after the answer: one the previous adopter deleted meanwhile is gone by then.
            const keys = storage._keys(prefix);
            const s = await locks.query();
            // both lists are in the spec; a browser that left one out must not skip adoption for good
            const live = [...(s.held || []), ...(s.pending || [])].map((l) => l.name);
            sweep(keys, (key) => !live.includes(key));
          })
          .catch(() => {});
      } else {
        const old = Date.now() - ORPHAN_AGE_MS;
        sweep(storage._keys(prefix), (_, saved) => !saved || saved.t < old);
      }
    },
  };
}
