import { Buffer } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import {
  base64Length,
  base64Utf8,
  bodyLength,
  decodeHs,
  encodeHs,
  hBody,
  hsBody,
  utf8,
} from '../../src/protocol/encode.js';

const samples = [
  'plain ascii',
  'Łódź zażółć',
  '李小龍 北京',
  'thanks 🙂🛒',
  'café\u2028line',
  'x'.repeat(100_001) + '李🙂',
];

describe('base64Utf8', () => {
  it.each(samples.map((s) => [s.slice(0, 20), s]))(
    'matches Node Buffer base64 of the UTF-8 bytes for %j',
    (_, text) => {
      const b64 = base64Utf8(text);
      expect(b64).toBe(Buffer.from(text, 'utf8').toString('base64'));
      expect(Buffer.from(b64, 'base64').toString('utf8')).toBe(text);
    },
  );

  it('encodes JSON with non-Latin-1 text where btoa(JSON.stringify(x)) throws', () => {
    const payload = { name: 'Łukasz 李 🙂', city: 'Zürich' };
    const json = JSON.stringify(payload);
    expect(() => btoa(json)).toThrow();
    expect(JSON.parse(Buffer.from(base64Utf8(json), 'base64').toString('utf8'))).toEqual(payload);
  });

  it('never uses the page\'s btoa (a "Unicode-safe" wrapper would encode the bytes twice)', () => {
    const pageBtoa = globalThis.btoa;
    globalThis.btoa = (s: string) => pageBtoa(unescape(encodeURIComponent(s)));
    try {
      for (const text of samples) expect(base64Utf8(text)).toBe(Buffer.from(text, 'utf8').toString('base64'));
    } finally {
      globalThis.btoa = pageBtoa;
    }
  });

  it('pads every length to whole groups of four digits', () => {
    for (let n = 0; n < 12; n++) {
      const text = 'é'.repeat(n) + 'x'.repeat(n % 3);
      expect(base64Utf8(text)).toBe(Buffer.from(text, 'utf8').toString('base64'));
    }
  });

  it('turns a lone surrogate into U+FFFD instead of throwing', () => {
    const text = 'a\ud800b';
    expect(() => base64Utf8(text)).not.toThrow();
    expect(Buffer.from(base64Utf8(text), 'base64').toString('utf8')).toBe('a\ufffdb');
  });
});

describe('body lengths', () => {
  it('base64Length matches real base64 lengths', () => {
    for (let n = 0; n < 50; n++) expect(base64Length(n)).toBe(Buffer.alloc(n).toString('base64').length);
  });

  it('bodyLength matches the real length of hsBody for the same payload bytes', () => {
    for (const text of samples) {
      const payload = {
        event: 'send_batch' as const,
        appClientId: 'K',
        events: [{ event: 'x', properties: { text } }],
      };
      const body = hsBody(payload);
      expect(bodyLength(utf8(JSON.stringify(payload)).length)).toBe(body.length);
      expect(JSON.parse(body)).toEqual({ hs: Buffer.from(JSON.stringify(payload), 'utf8').toString('base64') });
    }
  });
});

describe('hBody, encodeHs, decodeHs', () => {
  it('hBody is one event as {"h": base64 of its UTF-8 JSON}', () => {
    const event = { event: 'order', properties: { name: 'Łódź 🙂' } };
    const { h } = JSON.parse(hBody(event)) as { h: string };
    expect(JSON.parse(Buffer.from(h, 'base64').toString('utf8'))).toEqual(event);
  });

  it('decodeHs reads what encodeHs wrote, with the default and a given codec', () => {
    const value = { a: [1, '李'], b: { c: null } };
    expect(decodeHs(encodeHs(value))).toEqual(value);
    const node = (t: string) => Buffer.from(t, 'utf8').toString('base64');
    expect(encodeHs(value, node)).toBe(encodeHs(value));
  });

  it('decodeHs names what is wrong', () => {
    expect(() => decodeHs('not base64!')).toThrow(/not valid base64/);
    expect(() => decodeHs(Buffer.from('{oops').toString('base64'))).toThrow(/does not decode to JSON/);
  });
});
