// @vitest-environment node
import { afterEach, describe, expect, it } from 'vitest';
import { writeCookie } from '../../src/core/cookies.js';

const realReplace = String.prototype.replace;
afterEach(() => {
  String.prototype.replace = realReplace;
});

/** A window on `hostname` whose document records every cookie written. */
function page(hostname: string) {
  const written: string[] = [];
  const w = {
    location: { hostname, protocol: 'https:' },
    document: {
      set cookie(v: string) {
        written.push(v);
      },
    },
  } as unknown as Window;
  return { w, written };
}

describe('writeCookie', () => {
  it('writes on the domain without www., Lax and Secure on https', () => {
    const { w, written } = page('www.shop.example');
    writeCookie(w, 'rpdid', 'a b', 60);
    expect(written).toEqual(['rpdid=a%20b; path=/; max-age=60; samesite=lax; secure; domain=shop.example']);
    const other = page('shop.example');
    writeCookie(other.w, 'rpdid', 'x', 60);
    expect(other.written[0]).toMatch(/; domain=shop\.example$/);
  });

  it('still writes where a polyfill broke String.prototype.replace for RegExps (issue 24)', () => {
    String.prototype.replace = function (this: string, pattern: unknown, ...rest: unknown[]) {
      if (pattern instanceof RegExp) throw new TypeError('replace() with a RegExp is not supported');
      return realReplace.apply(this, [pattern, ...rest] as never);
    } as typeof realReplace;
    const { w, written } = page('www.shop.example');
    writeCookie(w, 'rpdid', 'x', 60);
    expect(written).toEqual(['rpdid=x; path=/; max-age=60; samesite=lax; secure; domain=shop.example']);
  });
});
