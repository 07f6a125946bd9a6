// The storage shell: localStorage that never throws. When storage is missing, blocked, full or
// holds garbage, reads give null and writes false: the SDK carries on with what it has in memory.
import { parse } from '../protocol/json.js';

export interface Storage {
  _get(key: string): string | null;
  /** The stored JSON value; null for anything missing or unreadable. */
  _json(key: string): unknown;
  /** False when the write failed (quota, blocked storage). */
  _set(key: string, value: string): boolean;
  _del(key: string): void;
  /** Keys that start with `prefix`. */
  _keys(prefix: string): string[];
}

export function webStorage(w: Window): Storage {
  // Reading w.localStorage itself throws where storage is blocked, so every use goes through here.
  const use = <T>(f: (ls: globalThis.Storage) => T, fallback?: T): T => {
    try {
      return f(w.localStorage);
    } catch {
      return fallback as T;
    }
  };
  return {
    _get: (key) => use((ls) => ls.getItem(key), null),
    _json: (key) => use((ls) => parse(ls.getItem(key)!), null),
    _set: (key, value) =>
      use((ls) => {
        ls.setItem(key, value);
        return true;
      }, false),
    _del: (key) => use((ls) => ls.removeItem(key)),
    _keys: (prefix) => use((ls) => Object.keys(ls).filter((k) => !k.indexOf(prefix)), []),
  };
}
