// The storage shell: localStorage that never throws. When storage is missing, blocked, full or
// holds garbage, reads give null and writes false: the SDK carries on with what it has in memory.

export interface Storage {
  _get(key: string): string | null;
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
    _set: (key, value) =>
      use((ls) => {
        ls.setItem(key, value);
        return true;
      }, false),
    _del: (key) => use((ls) => ls.removeItem(key)),
    _keys: (prefix) => use((ls) => Object.keys(ls).filter((k) => !k.indexOf(prefix)), []),
  };
}

/** Parses stored JSON; null for anything missing or unreadable. */
export function readJson(storage: Storage, key: string): unknown {
  try {
    return JSON.parse(storage._get(key)!);
  } catch {
    return null;
  }
}
