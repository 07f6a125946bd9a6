// createTransport: the one entry of the browser transport. Wires the backlog (persistence and tab
// adoption), the dispatcher (batching, retries, status policy), the network shells and page-leave
// delivery; the core only builds events and hands them over.
import { createBacklog } from './backlog.js';
import { createQueue } from './queue.js';
import { beacon, post } from './send.js';
import { onLeave } from './leave.js';
import type { Storage } from './storage.js';
import { ADOPT_AGAIN_MS, FLUSH_DELAY_MS } from './limits.js';
import { BATCH_PATH, SINGLE_PATH } from '../protocol/hosts.js';
import type { BatchPayload } from '../protocol/wire.js';
import type { Ev, Warn } from './types.js';

export interface TransportOptions {
  _w: Window;
  _storage: Storage;
  _apiKey: string;
  /** Where events go (no trailing slash). */
  _host: string;
  /** This page's id: names its backlog record and Web Lock. */
  _pageId: string;
  /** `'single'`: one `{"h"}` per request to /v3/t (Richpanel's wire); default `{"hs"}` batches to /v2/bt. */
  _mode?: 'batch' | 'single' | undefined;
  /** The batch fields besides `events`, read at send time. */
  _header: () => Omit<BatchPayload, 'events'>;
  _flushDelay?: number | undefined;
  _warn: Warn;
  /** Runs first when the page is left or hidden (the core writes its identity then). */
  _beforeLeave?: () => void;
}

export interface Transport {
  /** Queues one event; it is sent, retried and stored until the collector has it. */
  _add(event: Ev): void;
  /** Sends everything now; resolves true when nothing is left undelivered. */
  _flush(): Promise<boolean>;
  /** Consent was withdrawn: drops everything queued or stored and sends nothing more. */
  _stop(): void;
}

export function createTransport(o: TransportOptions): Transport {
  const w = o._w;
  const single = o._mode === 'single';
  const backlog = createBacklog(o._storage, o._apiKey, o._pageId, o._warn);
  const queue = createQueue({
    _url: o._host + (single ? SINGLE_PATH : BATCH_PATH),
    _single: single,
    _backlog: backlog,
    _header: o._header,
    _flushDelay: o._flushDelay ?? FLUSH_DELAY_MS,
    _post: post,
    _beacon: beacon,
    _online: () => w.navigator.onLine !== false,
    _warn: o._warn,
  });
  onLeave(
    w,
    (gone) => {
      o._beforeLeave?.();
      queue._leave();
      if (gone) backlog._release(); // after the record is saved: the next page may adopt it
    },
    backlog._hold,
  );
  w.addEventListener('online', queue._wake);
  backlog._adopt(queue._adopt);
  setTimeout(() => backlog._adopt(queue._adopt), ADOPT_AGAIN_MS);
  return queue;
}
