// The storage shell: localStorage that never throws. When storage is missing, blocked, full or
// holds garbage, the SDK carries on in memory (the caller just sees nulls and false).

export interface Storage {
  _get(key: string): string | null;
  /** False when the write failed (quota, blocked storage). */
  _set(key: string, value: string): boolean;
  _del(key: string): void;
  /** Keys that start with `prefix`. */
  _keys(prefix: string): string[];
}

export function webStorage(w: Window): Storage {
  let ls: globalThis.Storage | null = null;
  try {
    ls = w.localStorage; // throws SecurityError where storage is blocked
  } catch {
    // carry on in memory
  }
  const mem: Record<string, string> = {};
  const s: Storage = {
    _get(key) {
      try {
        return ls ? ls.getItem(key) : key in mem ? mem[key]! : null;
      } catch {
        return null;
      }
    },
    _set(key, value) {
      try {
        if (ls) ls.setItem(key, value);
        else mem[key] = value;
        return true;
      } catch {
        return false;
      }
    },
    _del(key) {
      try {
        if (ls) ls.removeItem(key);
        else delete mem[key];
      } catch {
        // nothing to do
      }
    },
    _keys(prefix) {
      const out: string[] = [];
      try {
        const all = ls ? Array.from({ length: ls.length }, (_, i) => ls!.key(i)) : Object.keys(mem);
        for (const k of all) if (k && k.indexOf(prefix) === 0) out.push(k);
      } catch {
        // nothing listed
      }
      return out;
    },
  };
  return s;
}

/** Parses stored JSON; null for anything missing or unreadable. */
export function readJson(storage: Storage, key: string): unknown {
  try {
    const text = storage._get(key);
    return text ? JSON.parse(text) : null;
  } catch {
    return null;
  }
}
