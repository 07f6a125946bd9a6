// Which waiting changes one destination may start now (pure). Changes that share a key (an order id,
// a customer's e-mail or id) go out one at a time in the order they were accepted; an erasure (a
// barrier) starts only when everything before it is done and holds back everything after it; at most
// `capacity` changes are in flight.

export interface Ordered {
  readonly keys: readonly string[];
  readonly barrier: boolean;
}

/** `queue`: the destination's unfinished changes in acceptance order, running ones included. */
export function startable<T extends Ordered>(queue: readonly T[], running: ReadonlySet<T>, capacity: number): T[] {
  const start: T[] = [];
  const busy = new Set<string>();
  let free = capacity - running.size;
  for (const [index, item] of queue.entries()) {
    if (item.barrier) {
      if (index === 0 && !running.has(item) && free > 0) start.push(item);
      break;
    }
    const blocked = item.keys.some((key) => busy.has(key));
    for (const key of item.keys) busy.add(key);
    if (running.has(item) || blocked) continue;
    if (free <= 0) break;
    start.push(item);
    free--;
  }
  return start;
}
