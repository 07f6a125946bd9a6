import { describe, expect, it } from 'vitest';
import { webStorage } from '../../src/transport/storage.js';

/** A localStorage look-alike: data as own keys, methods on the prototype (like the real one). */
class FakeLocalStorage {
  [key: string]: unknown;
  getItem(k: string) {
    return Object.hasOwn(this, k) ? (this[k] as string) : null;
  }
  setItem(k: string, v: string) {
    this[k] = String(v);
  }
  removeItem(k: string) {
    delete this[k];
  }
}
class ThrowingStorage extends FakeLocalStorage {
  override getItem(): string | null {
    throw new DOMException('blocked', 'SecurityError');
  }
  override setItem(): void {
    throw new DOMException('blocked', 'SecurityError');
  }
  override removeItem(): void {
    throw new DOMException('blocked', 'SecurityError');
  }
}
class FullStorage extends FakeLocalStorage {
  override setItem(): void {
    throw new DOMException('full', 'QuotaExceededError');
  }
}

const win = (ls: unknown) => ({ localStorage: ls }) as unknown as Window;
const blockedWin = () =>
  Object.defineProperty({}, 'localStorage', {
    get() {
      throw new DOMException('The operation is insecure.', 'SecurityError');
    },
  }) as Window;

describe('webStorage', () => {
  it('reads, writes, deletes and lists keys by prefix', () => {
    const ls = new FakeLocalStorage();
    const s = webStorage(win(ls));
    expect(s._set('cb:a', '1')).toBe(true);
    s._set('cb:b', '2');
    s._set('other', '3');
    expect(s._get('cb:a')).toBe('1');
    expect(s._get('missing')).toBeNull();
    expect(s._keys('cb:').sort()).toEqual(['cb:a', 'cb:b']);
    s._del('cb:a');
    expect(s._keys('cb:')).toEqual(['cb:b']);
    expect(ls.getItem('other')).toBe('3');
  });

  it('never throws when reading window.localStorage itself throws (blocked storage)', () => {
    const s = webStorage(blockedWin());
    expect(s._get('k')).toBeNull();
    expect(s._set('k', 'v')).toBe(false);
    expect(() => s._del('k')).not.toThrow();
    expect(s._keys('')).toEqual([]);
  });

  it('never throws when every storage call throws', () => {
    const s = webStorage(win(new ThrowingStorage()));
    expect(s._get('k')).toBeNull();
    expect(s._set('k', 'v')).toBe(false);
    expect(() => s._del('k')).not.toThrow();
    expect(() => s._keys('cb')).not.toThrow();
  });

  it('answers false when setItem throws QuotaExceededError', () => {
    const s = webStorage(win(new FullStorage()));
    expect(s._set('k', 'v')).toBe(false);
    expect(s._get('k')).toBeNull();
  });

  it('never throws when there is no localStorage at all', () => {
    const s = webStorage({} as Window);
    expect(s._get('k')).toBeNull();
    expect(s._set('k', 'v')).toBe(false);
    expect(s._keys('')).toEqual([]);
  });
});

describe('_json', () => {
  it('parses stored JSON and answers null for missing or garbage values', () => {
    const ls = new FakeLocalStorage();
    Object.assign(ls, { good: '{"a":[1]}', bad: '{not json', empty: '', undef: 'undefined' });
    const s = webStorage(win(ls));
    expect(s._json('good')).toEqual({ a: [1] });
    for (const k of ['bad', 'empty', 'undef', 'missing']) expect(s._json(k), k).toBeNull();
    expect(webStorage(win(new ThrowingStorage()))._json('good')).toBeNull();
  });
});
