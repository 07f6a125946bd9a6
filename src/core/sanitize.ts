// Makes any value JSON-safe without throwing: the result of sanitize() always survives
// JSON.stringify, keeps every ordinary value as it was, and never shares objects with the input.

/** Strings longer than this are cut: one pasted blob must not push an order out of its batch. */
export const MAX_STRING_LENGTH = 8_192;
/** Deeper nesting is cut (as "[depth]"): real payloads are a few levels deep, hostile ones 5,000. */
export const MAX_DEPTH = 32;

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
import type { Warn } from '../transport/index.js';
import { W_DEEP, W_DOM, W_LONG_STRING, W_NOT_OBJECT, W_PROTO_KEY, W_UNREADABLE } from '../transport/warnings.js';
import { ARRAY_PROTO as AP, OBJECT_PROTO as OP } from '../protocol/json.js';

type Any = Record<string, unknown>;

/**
 * Returns a JSON-safe deep copy of `value`. Circular references become "[Circular]", BigInt a
 * string, NaN/Infinity and invalid Dates null; functions, symbols, DOM nodes and window are left
 * out (undefined, as JSON leaves them out); `__proto__` keys are never copied; throwing
 * getters/toJSON/revoked proxies are left out.
 */
export const sanitize = (value: unknown, warn: Warn) => walk(value, [], warn) as Json | undefined;

/**
 * The JSON-safe copy of `value`, or undefined to leave it out (as JSON does). `stack`: the objects
 * being copied, outermost first; its length is the depth.
 */
function walk(value: unknown, stack: object[], warn: Warn): unknown {
  const type = typeof value;
  if (type === 'string') {
    if ((value as string).length <= MAX_STRING_LENGTH) return value;
    warn(W_LONG_STRING, (value as string).length);
    return (value as string).slice(0, MAX_STRING_LENGTH);
  }
  if (type === 'number') return Number.isFinite(value) ? value : null;
  if (type === 'bigint') return String(value);
  if (type === 'boolean') return value;
  if (type === 'object') return value && copy(value as Any, stack, warn); // null stays null
  // undefined, function, symbol: left out
}

/** walk() for objects and arrays (apart, so that the path of the primitives stays small). */
function copy(v: Any, stack: object[], warn: Warn): unknown {
  const depth = stack.length;
  try {
    if (stack.indexOf(v) >= 0) return '[Circular]';
    // Plain objects and arrays (nearly every value) cannot be DOM nodes: skip those lookups.
    const proto = Object.getPrototypeOf(v);
    if (proto !== OP && proto !== AP && proto && (v.window === v || typeof v.nodeType === 'number')) {
      warn(W_DOM);
      return;
    }
    const toJSON = v.toJSON;
    // Prototype.js puts a toJSON on Array.prototype (and pages on Object.prototype) that returns a
    // string: that is the page's patch, not the caller's; a toJSON returning `this` is walked as is
    if (typeof toJSON === 'function' && toJSON !== AP.toJSON && toJSON !== OP.toJSON) {
      const json = toJSON.call(v);
      if (json !== v) return walk(json, stack, warn);
    }
    if (depth >= MAX_DEPTH) {
      warn(W_DEEP);
      return '[depth]';
    }
    stack.push(v);
    let out: Any | unknown[];
    if (Array.isArray(v)) {
      out = [];
      for (let i = 0; i < v.length; ) out.push(walk(v[i++], stack, warn) ?? null);
    } else {
      let obj: Any = {};
      for (const key of Object.keys(v)) {
        if (key === '__proto__') {
          warn(W_PROTO_KEY);
          continue;
        }
        let item: unknown;
        try {
          item = walk(v[key], stack, warn);
        } catch {
          warn(W_UNREADABLE, key); // a throwing getter
          continue;
        }
        if (item !== undefined) {
          // Where a page froze Object.prototype, `obj.constructor = …` throws (the core is strict
          // code): a spread defines the key instead. Asking `key in Object.prototype` first would
          // cost every key about 20 ns, a third of the copy.
          try {
            obj[key] = item;
          } catch {
            obj = { ...obj, [key]: item };
          }
        }
      }
      // V8 turns an object built by computed-key stores into a dictionary past about a dozen keys
      // (an order has 50): its copy by spread has fast properties, a sixth of the memory while the
      // event waits in the queue, and is faster to serialize later. Smaller objects are copied too:
      // built by stores, their keys past the fourth sit in a second object the garbage collector
      // has to copy while the event waits. (Skipping their spread made the copy 10% faster in
      // Node; in Chromium the difference was within the noise of the bench.)
      out = { ...obj };
    }
    stack.pop();
    return out;
  } catch {
    stack.length = depth; // it may have been pushed before the read that threw
    warn(W_UNREADABLE);
  }
}

/** Sanitizes a properties argument: anything but a plain object (null, [], false…) becomes {}. */
export function sanitizeProps(value: unknown, warn: Warn): { [key: string]: Json } {
  const out = walk(value, [], warn) as Json | undefined;
  if (out && typeof out === 'object' && !Array.isArray(out)) return out;
  // (a revoked proxy throws in Array.isArray: the caller's guard refuses the call with a warning)
  if (Array.isArray(value) ? value.length : value) warn(W_NOT_OBJECT, value);
  return {};
}
