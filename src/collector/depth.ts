// How deep a decoded JSON value nests (pure, iterative: a 100,000-level value must not overflow
// the stack here, as it would in JSON.stringify when the collector answers GET /api/events).
import { MAX_JSON_DEPTH } from './limits.js';

/** True when `value` nests more than `max` arrays and objects deep (the value itself is level 1). */
export function nestsDeeperThan(value: unknown, max: number = MAX_JSON_DEPTH): boolean {
  const stack: Array<[unknown, number]> = [[value, 1]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop() as [unknown, number];
    if (node === null || typeof node !== 'object') continue;
    if (depth > max) return true;
    for (const child of Array.isArray(node) ? node : Object.values(node)) {
      if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
    }
  }
  return false;
}
