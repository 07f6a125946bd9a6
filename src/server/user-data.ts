// Validation and cleaning of the user data that goes inside an identity token.
import { TokenError } from './errors.js';

/** Tokens ride in page HTML and request bodies; 8 KB of JSON is far more than identifying a user needs. */
export const MAX_USER_DATA_BYTES = 8 * 1024;

/** Keys that can change an object's prototype when a consumer merges the data: never carried. */
const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** `JSON.stringify` replacer / `JSON.parse` reviver that drops prototype keys at every depth. */
export function dropPrototypeKeys(key: string, value: unknown): unknown {
  return PROTOTYPE_KEYS.has(key) ? undefined : value;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** A user id is a non-empty string or a safe integer (what the shop's database uses as a key). */
export function isValidId(id: unknown): boolean {
  return (typeof id === 'string' && id.trim() !== '') || Number.isSafeInteger(id);
}

/**
 * Returns a clean JSON copy of `data` (prototype keys dropped, key order kept) and its JSON text.
 * Throws a `TokenError` that names the problem without quoting any of the data.
 */
export function cleanUserData(data: unknown): { json: string; value: Record<string, unknown> } {
  if (!isPlainObject(data)) {
    throw new TokenError('identity data must be a plain object such as { id: "42", email: "a@example.com" }');
  }
  let json: string;
  try {
    json = JSON.stringify(data, dropPrototypeKeys);
  } catch {
    throw new TokenError('identity data is not JSON-serializable (a cycle or a BigInt?): pass plain JSON values');
  }
  const value = JSON.parse(json, dropPrototypeKeys) as Record<string, unknown>;
  if (!isValidId(value.id)) {
    throw new TokenError(
      'identity data needs an "id": a non-empty string or a safe integer (the user\'s id in your shop)',
    );
  }
  const bytes = Buffer.byteLength(json, 'utf8');
  if (bytes > MAX_USER_DATA_BYTES) {
    throw new TokenError(
      `identity data is ${bytes} bytes of JSON, over the ${MAX_USER_DATA_BYTES}-byte limit: send only what identifies the user`,
    );
  }
  return { json, value };
}
