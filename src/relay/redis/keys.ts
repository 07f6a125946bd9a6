// Where a relay on Redis keeps things (pure). BullMQ's queues live under `<prefix>:<queue>:…`, one
// queue per destination account (`relay.rfmcube.<hash>`), so relays with another Rfmcube key never
// deliver each other's changes; the relay's own bookkeeping beside each queue is under
// `<prefix>:<queue>:~…` (a `~` no BullMQ key or relay job id starts with), and what the relay
// shares across destinations under `<prefix>:~relay:…`.
import { createHash } from 'node:crypto';
import type { DestinationName } from '../types.js';

/** Everything a relay on Redis keeps, under `redisPrefix` (default `cartbeacon`). */
export const DEFAULT_REDIS_PREFIX = 'cartbeacon';

const hash = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 16);

export interface SharedNames {
  /** The memory: a hash of facts, and a sorted set of when each was last set (least recently set goes first). */
  memory: string;
  memoryUsed: string;
  memoryTick: string;
  /** Changes a destination refused, one JSON line each (the folder outbox's rejected.jsonl). */
  rejected: string;
  /** A delivered change's final result, kept a day (a rerun after a crash returns it instead of sending again). */
  result(queue: string, jobId: string): string;
  /** An account's request schedule: when its next request may start. */
  rate(account: string): string;
}

export function sharedNames(prefix: string): SharedNames {
  const at = `${prefix}:~relay:`;
  return {
    memory: `${at}memory`,
    memoryUsed: `${at}memory:used`,
    memoryTick: `${at}memory:tick`,
    rejected: `${at}rejected`,
    result: (queue, jobId) => `${at}result:${queue}:${jobId}`,
    rate: (account) => `${at}rate:${hash(account)}`,
  };
}

export interface LaneNames {
  /** BullMQ's queue name. */
  queue: string;
  /** The prefix of the lane's ordering keys (`pending`, `barriers`, `ord`, `parked`, `errors`, `seq`, `key:<key>`). */
  base: string;
  /** The sorted set of the unfinished changes sharing one ordering key (`email a@example.com`). */
  key(key: string): string;
}

/** One destination account's queue and ordering keys. */
export function laneNames(prefix: string, name: DestinationName, account: string): LaneNames {
  const queue = `relay.${name}.${hash(account)}`;
  const base = `${prefix}:${queue}:~`;
  return { queue, base, key: (key) => `${base}key:${key}` };
}

/** `prefix` as a literal start of an HSCAN MATCH pattern (`*?[]\` escaped). */
export function globPrefix(prefix: string): string {
  return `${prefix.replace(/[*?[\]\\]/g, '\\$&')}*`;
}
