// createTransport: the one entry of the browser transport. Wires the backlog (persistence and tab
// adoption), the dispatcher (batching, retries, status policy), the network shells and page-leave
// delivery; the core only builds events and hands them over.
import { createBacklog } from './backlog.js';
import { createQueue, type QueueOptions } from './queue.js';
import { onLeave } from './leave.js';
import { createNet } from './send.js';
import type { Storage } from './storage.js';
import { ADOPT_AGAIN_MS } from './limits.js';
import type { Ev } from './types.js';

export interface TransportOptions extends QueueOptions {
  _w: Window;
  _storage: Storage;
  _apiKey: string;
  /** This page's id: names its backlog record and Web Lock. */
  _pageId: string;
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
  const backlog = createBacklog(o._storage, o._apiKey, o._pageId, o._warn);
  const queue = createQueue(o, backlog, createNet(w));
  onLeave(
    w,
    (gone) => {
      o._beforeLeave?.();
      queue._leave();
      if (gone) backlog._release(); // after the record is saved: the next page may adopt it
    },
    () => {
      backlog._hold();
      queue._flush(); // what the beacons took is sent again (the page lived on)
    },
  );
  w.addEventListener('online', queue._wake);
  backlog._adopt(queue._adopt);
  setTimeout(() => backlog._adopt(queue._adopt), ADOPT_AGAIN_MS);
  return queue;
}
