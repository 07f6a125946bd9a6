// The dispatcher: coalesces track() calls into requests, sends one request at a time, applies the
// status policy, keeps every undelivered event in the backlog, and hands what is left to a beacon
// when the page is left. track() only pushes and arms a timer: serializing, encoding, storage
// writes and requests all happen later, once per burst.
import type { Backlog } from './backlog.js';
import { fitting } from './batch.js';
import { classify } from '../protocol/policy.js';
import { backoff, retryAfterMs } from '../protocol/backoff.js';
import { encodeBody, utf8 } from '../protocol/encode.js';
import { stringify } from '../protocol/json.js';
import { MAX_BATCH_EVENTS, MAX_BODY_BYTES } from '../protocol/limits.js';
import type { BatchPayload } from '../protocol/wire.js';
import { BATCH_PATH, SINGLE_PATH } from '../protocol/hosts.js';
import { FLUSH_DELAY_MS, SMALL_BODY_BYTES } from './limits.js';
import type { Net } from './send.js';
import { NativePromise } from './promise.js';
import { W_BACKLOG_FULL, W_REFUSED, W_RETRY, W_SEND_THREW, W_TOO_LARGE } from './warnings.js';
import type { Ev, Warn } from './types.js';

export interface QueueOptions {
  /** Where events go (no trailing slash). */
  _host: string;
  /** `'single'`: one `{"h"}` per request to /v3/t (Richpanel's wire); default `{"hs"}` batches to /v2/bt. */
  _mode?: 'batch' | 'single' | undefined;
  /** The batch fields besides `events`, read at send time (richpanelSettings may change). */
  _header: () => Omit<BatchPayload, 'events'>;
  _flushDelay?: number | undefined;
  _warn: Warn;
}

export interface Queue {
  _add(event: Ev): void;
  /** Sends everything now, beaconed events too; true when the collector confirmed everything. */
  _flush(): Promise<boolean>;
  /** The page is being left or hidden: beacon everything pending, keep it stored until confirmed (and resent by the next send). */
  _leave(): void;
  /** Adds events from an earlier page in front of the queue. */
  _adopt(events: Ev[]): void;
  /** An early retry (the browser came back online). */
  _wake(): void;
  /** Consent was withdrawn: drops everything, stored or not, lets the record's lock go and sends nothing more. */
  _stop(): void;
}

interface Cut {
  _events: Ev[];
  /** The request body; empty when the first event is too large for any body (it is dropped). */
  _body: string;
}

export function createQueue(o: QueueOptions, backlog: Backlog, net: Net): Queue {
  const single = o._mode === 'single';
  const url = o._host + (single ? SINGLE_PATH : BATCH_PATH);
  let q: Ev[] = []; // waiting
  let f: Ev[] = []; // in flight
  let b: Ev[] = []; // beaconed, not confirmed
  let timer: ReturnType<typeof setTimeout> | undefined;
  let due = 0;
  let saving = false;
  let sending = false;
  let attempt = 0;
  let retryAt = 0;
  const full = single ? 1 : MAX_BATCH_EVENTS;
  let limit = full;
  const waiters: ((done: boolean) => void)[] = [];
  let stopped = false;

  const save = () => {
    saving = false;
    if (stopped) return;
    const gone = backlog._save(f.concat(q), b);
    if (gone.size) {
      // the caps dropped these (page views before orders): drop the same from memory (f is in flight)
      q = q.filter((e) => !gone.has(e));
      b = b.filter((e) => !gone.has(e));
      o._warn(W_BACKLOG_FULL, gone.size);
    }
  };
  const dirty = () => {
    if (!saving) {
      saving = true;
      setTimeout(save);
    }
  };
  const schedule = (delay: number) => {
    const at = Math.max(Date.now() + delay, retryAt);
    if (timer && at >= due) return;
    clearTimeout(timer);
    due = at;
    timer = setTimeout(run, at - Date.now());
  };

  /** The front of `events` as one request body no larger than the limits. */
  const cut = (events: Ev[], maxBody: number): Cut => {
    const header = o._header();
    const size = (x: unknown) => utf8(stringify(x)).length;
    // the payload's bytes without events: the header and `"events":[]` (a single event has none)
    const n = fitting(events, size, single ? 0 : size({ ...header, events: [] }), limit, maxBody);
    const batch = events.slice(0, n || 1);
    return {
      _events: batch,
      _body: n ? encodeBody(single ? 'h' : 'hs', single ? batch[0] : { ...header, events: batch }) : '',
    };
  };

  // f is empty whenever no request is out: done when nothing waits and no beacon is unconfirmed
  const settle = () => {
    for (const r of waiters.splice(0)) r(!q.length && !b.length);
  };

  const run = async () => {
    timer = undefined;
    if (sending) return;
    // What a beacon took is sent again by this page, which is still alive (a hidden tab shown
    // again, back from the back/forward cache, online again, or simply a later send): a beacon has
    // no answer, and one sent during an outage is lost. Copies are dropped by eventId.
    q = b.concat(q);
    b = [];
    const online = navigator.onLine !== false;
    if (!online || Date.now() < retryAt) {
      // offline: the 'online' event wakes us; backing off: the timer is set for retryAt
      if (q.length && online) schedule(0);
      return settle();
    }
    sending = true;
    try {
      while (q.length) {
        // the save runs after this turn: it stores what the answer below leaves
        dirty();
        const batch = cut(q, MAX_BODY_BYTES);
        const events = batch._events;
        q = q.slice(events.length);
        if (!batch._body) {
          o._warn(W_TOO_LARGE);
          continue;
        }
        f = events;
        const [status, retryAfter] = await net._post(url, batch._body);
        if (stopped) break;
        const verdict = classify(status);
        const mine = f === events; // false when leave() took them over meanwhile
        if (mine) f = [];
        if (verdict === 'ok') {
          attempt = 0;
          limit = full;
          b = b.filter((e) => !events.includes(e));
        } else if (verdict === 'retry' || (verdict === 'split' && events.length > 1)) {
          if (mine) q = events.concat(q);
          if (verdict === 'split') {
            limit = Math.ceil(events.length / 2);
          } else {
            // Retry-After can lengthen the wait, never shorten it: a 0 or a past date must not hammer
            // (no header: null, which Math.max takes as 0)
            retryAt = Date.now() + Math.max(retryAfterMs(retryAfter)!, backoff(attempt++));
            o._warn(W_RETRY, status);
            // nothing queued: leave() took them (beaconed), and the page's return sends them again
            if (q.length) schedule(0);
            break;
          }
        } else {
          o._warn(W_REFUSED, status);
        }
      }
    } catch (e) {
      // a page that broke a built-in (JSON, TextEncoder…) must not get an error from our timer;
      // what was cut stays queued and stored
      q = f.concat(q);
      f = [];
      o._warn(W_SEND_THREW, e);
    } finally {
      sending = false;
      dirty();
      settle();
    }
  };

  return {
    _add(event) {
      if (stopped) return;
      q.push(event);
      dirty();
      schedule(q.length >= full ? 0 : (o._flushDelay ?? FLUSH_DELAY_MS));
    },
    _flush() {
      return new NativePromise<boolean>((resolve) => {
        waiters.push(resolve);
        if (!sending) run();
      });
    },
    _leave() {
      // no retry while hidden: the page's return, `online` or its next event sends them again
      clearTimeout(timer);
      timer = undefined;
      let all = f.concat(q);
      f = [];
      q = [];
      b = b.concat(all);
      try {
        for (let max = MAX_BODY_BYTES; all.length; ) {
          const batch = cut(all, max);
          if (batch._body && !net._beacon(url, batch._body) && max > SMALL_BODY_BYTES) {
            max = SMALL_BODY_BYTES; // refused: try again in smaller pieces
            continue;
          }
          all = all.slice(batch._events.length);
        }
      } catch (e) {
        o._warn(W_SEND_THREW, e); // still stored: the next page sends them
      }
      save();
    },
    _adopt(events) {
      if (stopped) return;
      q = events.concat(q);
      dirty();
      schedule(0);
    },
    _wake() {
      retryAt = 0;
      schedule(0);
    },
    _stop() {
      stopped = true;
      q = f = b = []; // never filled again: every way in checks `stopped`
      clearTimeout(timer);
      backlog._save([], []);
      backlog._release();
      settle();
    },
  };
}
