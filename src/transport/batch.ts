// Pure batching: how many events from the front of a queue go into the next request body.
import { bodyLength } from '../protocol/encode.js';

/**
 * How many of the front `items` fit one batch of at most `maxItems` whose body stays within
 * `maxBody`, given each item's UTF-8 byte size (`sizeOf`, called only on the items looked at) and
 * the bytes of the batch's JSON without items. 0 when the first item is too large for any body.
 */
export function fitting<T>(
  items: readonly T[],
  sizeOf: (item: T) => number,
  overhead: number,
  maxItems: number,
  maxBody: number,
): number {
  let n = 0;
  // -1 and +1: a comma before every item but the first
  for (let bytes = overhead - 1; n < maxItems && n < items.length; n++) {
    bytes += sizeOf(items[n]!) + 1;
    if (bodyLength(bytes) > maxBody) break;
  }
  return n;
}
