import { afterEach, describe, expect, it, vi } from 'vitest';
import { createLog } from '../../src/core/log.js';

afterEach(() => vi.restoreAllMocks());

describe('the debug log', () => {
  it('is silent until debug(true), but counts every kind', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const log = createLog();
    log._warn('a', 1);
    log._warn('a', 2);
    log._warn('b');
    expect(warn).not.toHaveBeenCalled();
    expect(log._seen).toEqual({ a: 2, b: 1 });
  });

  it('on debug(true) prints each kind seen so far with its count, prefixed', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const log = createLog();
    log._warn('a');
    log._warn('a');
    log._debug(true);
    expect(warn.mock.calls).toEqual([['[cartbeacon]', 'a', '×2']]);
  });

  it('prints each kind once while on, with its detail', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const log = createLog();
    log._debug(true);
    log._warn('dropped', 413);
    log._warn('dropped', 400);
    log._warn('other');
    expect(warn.mock.calls).toEqual([
      ['[cartbeacon]', 'dropped', 413],
      ['[cartbeacon]', 'other', ''],
    ]);
    expect(log._seen.dropped).toBe(2);
  });

  it('debug(false) turns it off again; debug() turns it on', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const log = createLog();
    log._debug(true);
    log._debug(false);
    log._warn('x');
    expect(warn).not.toHaveBeenCalled();
    log._debug();
    expect(warn).toHaveBeenCalledWith('[cartbeacon]', 'x', '×1');
  });

  it('never throws when the page replaced console.warn with something that throws', () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {
      throw new Error('broken console');
    });
    const log = createLog();
    log._warn('early');
    expect(() => log._debug(true)).not.toThrow();
    expect(() => log._warn('late')).not.toThrow();
  });
});
