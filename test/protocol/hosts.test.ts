import { afterEach, describe, expect, it } from 'vitest';
import { trimHost } from '../../src/protocol/hosts.js';

const realReplace = String.prototype.replace;
afterEach(() => {
  String.prototype.replace = realReplace;
});

describe('trimHost', () => {
  it('drops trailing slashes only', () => {
    expect(trimHost('https://x.test')).toBe('https://x.test');
    expect(trimHost('https://x.test/')).toBe('https://x.test');
    expect(trimHost('https://x.test/cb///')).toBe('https://x.test/cb');
    expect(trimHost('')).toBe('');
  });

  it('works where a polyfill broke String.prototype.replace for RegExps (it runs at start-up)', () => {
    String.prototype.replace = function (this: string, pattern: unknown, ...rest: unknown[]) {
      if (pattern instanceof RegExp) throw new TypeError('replace() with a RegExp is not supported');
      return realReplace.apply(this, [pattern, ...rest] as never);
    } as typeof realReplace;
    expect(trimHost('https://x.test/')).toBe('https://x.test');
  });
});
