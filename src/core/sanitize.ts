// Makes any value JSON-safe without throwing: the result of sanitize() always survives
// JSON.stringify, keeps every ordinary value as it was, and never shares objects with the input.

/** Strings longer than this are cut: one pasted blob must not push an order out of its batch. */
export const MAX_STRING_LENGTH = 8_192;
/** Deeper nesting is cut (as "[depth]"): real payloads are a few levels deep, hostile ones 5,000. */
export const MAX_DEPTH = 32;

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
import type { Warn } from '../transport/index.js';
import { W_DEEP, W_DOM, W_LONG_STRING, W_NOT_OBJECT, W_PROTO_KEY, W_UNREADABLE } from '../transport/warnings.js';

const AP = Array.prototype as unknown as { toJSON?: unknown };
const OP = Object.prototype as { toJSON?: unknown };
const DROP = {}; // sentinel: leave the key out (JSON drops undefined, functions and symbols too)

/**
 * Returns a JSON-safe deep copy of `value`. Circular references become "[Circular]", BigInt a
 * string, NaN/Infinity and invalid Dates null, functions/symbols/DOM nodes/window are left out,
 * `__proto__` keys are never copied, throwing getters/toJSON/revoked proxies are left out.
 */
export function sanitize(value: unknown, warn: Warn): Json | undefined {
  const out = walk(value, 0, [], warn);
  return out === DROP ? undefined : (out as Json);
}

/** Sanitizes a properties argument: anything but a plain object (null, [], false…) becomes {}. */
export function sanitizeProps(value: unknown, warn: Warn): { [key: string]: Json } {
  // (a revoked proxy throws in Array.isArray: the caller's guard refuses the call with a warning)
  const out = value && sanitize(value, warn);
  if (out && typeof out === 'object' && !Array.isArray(out)) return out as { [key: string]: Json };
  if (value && !(Array.isArray(value) && !value.length)) warn(W_NOT_OBJECT, value);
  return {};
}

function walk(value: unknown, depth: number, stack: object[], warn: Warn): unknown {
  switch (typeof value) {
    case 'string':
      if (value.length > MAX_STRING_LENGTH) {
        warn(W_LONG_STRING, value.length);
        return value.slice(0, MAX_STRING_LENGTH);
      }
      return value;
    case 'number':
      return Number.isFinite(value) ? value : null;
    case 'boolean':
      return value;
    case 'bigint':
      return String(value);
    case 'object':
      return value === null ? null : walkObject(value, depth, stack, warn);
    default:
      return DROP; // undefined, function, symbol
  }
}

function walkObject(value: object, depth: number, stack: object[], warn: Warn): unknown {
  const mark = stack.length;
  try {
    if (stack.indexOf(value) >= 0) return '[Circular]';
    // Plain objects and arrays (nearly every value) cannot be DOM nodes: skip those lookups.
    const v = value as { toJSON?: unknown; nodeType?: unknown; window?: unknown };
    const proto = Object.getPrototypeOf(value);
    if (
      proto !== Object.prototype &&
      proto !== Array.prototype &&
      proto &&
      (v.window === v || typeof v.nodeType === 'number')
    ) {
      warn(W_DOM);
      return DROP;
    }
    const toJSON = v.toJSON;
    // Prototype.js puts a toJSON on Array.prototype (and pages on Object.prototype) that returns a
    // string: that is the page's patch, not the caller's; a toJSON returning `this` is walked as is
    if (typeof toJSON === 'function' && toJSON !== AP.toJSON && toJSON !== OP.toJSON) {
      const json = toJSON.call(value);
      if (json !== value) return walk(json, depth, stack, warn);
    }
    if (depth >= MAX_DEPTH) {
      warn(W_DEEP);
      return '[depth]';
    }
    stack.push(value);
    let out: unknown;
    if (Array.isArray(value)) {
      const arr: unknown[] = [];
      for (let i = 0; i < value.length; i++) {
        const item = walk(value[i], depth + 1, stack, warn);
        arr.push(item === DROP ? null : item);
      }
      out = arr;
    } else {
      const obj: Record<string, unknown> = {};
      for (const key of Object.keys(value)) {
        if (key === '__proto__') {
          warn(W_PROTO_KEY);
          continue;
        }
        let item: unknown;
        try {
          item = walk((value as Record<string, unknown>)[key], depth + 1, stack, warn);
        } catch {
          warn(W_UNREADABLE, key);
          continue;
        }
        // where a page froze Object.prototype, `obj.constructor = …` would fail: define it instead
        if (item !== DROP) {
          if (key in OP)
            Object.defineProperty(obj, key, { value: item, enumerable: true, writable: true, configurable: true });
          else obj[key] = item;
        }
      }
      out = obj;
    }
    stack.pop();
    return out;
  } catch {
    stack.length = mark; // it may have been pushed before the read that threw
    warn(W_UNREADABLE);
    return DROP;
  }
}
