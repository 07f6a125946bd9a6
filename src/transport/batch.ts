// Pure batching: cuts a queue of serialized events into batches that respect both limits.
import { MAX_BATCH_EVENTS, MAX_BODY_BYTES } from '../protocol/limits.js';
import { bodyLength } from '../protocol/encode.js';

/**
 * Given the UTF-8 byte size of each queued event and the bytes of a batch's JSON without events,
 * returns how many events go into each batch, in order. An event too large for any body gets a
 * batch of its own with a negative count (-1), so the caller can drop it without blocking the rest.
 */
export function cutBatches(
  sizes: readonly number[],
  overhead: number,
  maxEvents = MAX_BATCH_EVENTS,
  maxBody = MAX_BODY_BYTES,
): number[] {
  const out: number[] = [];
  let count = 0;
  let bytes = overhead;
  for (const size of sizes) {
    if (bodyLength(overhead + size) > maxBody) {
      if (count) out.push(count);
      out.push(-1);
      count = 0;
      bytes = overhead;
      continue;
    }
    // +1: the comma between events
    if (count && (count >= maxEvents || bodyLength(bytes + 1 + size) > maxBody)) {
      out.push(count);
      count = 0;
      bytes = overhead;
    }
    bytes += (count ? 1 : 0) + size;
    count++;
  }
  if (count) out.push(count);
  return out;
}
