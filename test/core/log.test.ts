import { afterEach, describe, expect, it, vi } from 'vitest';
import { createLog } from '../../src/core/log.js';

afterEach(() => vi.restoreAllMocks());

describe('the debug log', () => {
  it('is silent until debug(true), but counts every kind', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const log = createLog();
    log._warn(1, 1);
    log._warn(1, 2);
    log._warn(2);
    expect(warn).not.toHaveBeenCalled();
    log._debug(true);
    expect(warn.mock.calls).toEqual([
      ['[cartbeacon] W1', '×2'],
      ['[cartbeacon] W2', '×1'],
    ]);
  });

  it('on debug(true) prints each code seen so far with its count, prefixed', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const log = createLog();
    log._warn(1);
    log._warn(1);
    log._debug(true);
    expect(warn.mock.calls).toEqual([['[cartbeacon] W1', '×2']]);
  });

  it('prints each kind once while on, with its detail', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const log = createLog();
    log._debug(true);
    log._warn(21, 413);
    log._warn(21, 400);
    log._warn(3);
    expect(warn.mock.calls).toEqual([
      ['[cartbeacon] W21', 413],
      ['[cartbeacon] W3', ''],
    ]);
    // printed once, counted twice
    log._debug(false);
    log._debug(true);
    expect(warn.mock.calls.slice(2)).toEqual([
      ['[cartbeacon] W3', '×1'],
      ['[cartbeacon] W21', '×2'],
    ]);
  });

  it('debug(true) when already on prints nothing again', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const log = createLog();
    log._warn(1);
    log._debug(true);
    log._debug(true);
    expect(warn.mock.calls).toEqual([['[cartbeacon] W1', '×1']]);
  });

  it('debug(false) turns it off again; debug() turns it on', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const log = createLog();
    log._debug(true);
    log._debug(false);
    log._warn(5);
    expect(warn).not.toHaveBeenCalled();
    log._debug();
    expect(warn).toHaveBeenCalledWith('[cartbeacon] W5', '×1');
  });

  it('never throws when the page replaced console.warn with something that throws', () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {
      throw new Error('broken console');
    });
    const log = createLog();
    log._warn(1);
    expect(() => log._debug(true)).not.toThrow();
    expect(() => log._warn(2)).not.toThrow();
  });
});
