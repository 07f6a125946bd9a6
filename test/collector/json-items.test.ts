// The streaming splitter the Rfmcube emulator reads imports with: items of one array, one at a time.
import { describe, expect, it } from 'vitest';
import { JsonItemSplitter, JsonTooLargeError } from '../../src/collector/emulators/json-items.js';

function split(text: string, chunkSize: number, max = 1_000): { items: unknown[]; rest: unknown } {
  const items: unknown[] = [];
  const splitter = new JsonItemSplitter('customers', (item) => items.push(JSON.parse(item)), max, max);
  const bytes = Buffer.from(text, 'utf8');
  for (let i = 0; i < bytes.length; i += chunkSize) splitter.write(bytes.subarray(i, i + chunkSize));
  return { items, rest: splitter.end() };
}

describe('JsonItemSplitter', () => {
  const body = {
    overwriteDescriptors: true,
    note: 'a "customers": [1] inside a string, and \\ escapes',
    customers: [
      { email: 'a@example.com', orders: [{ id: 1, tags: ['x', { y: '[]{}' }] }] },
      'łódź 🙂',
      42,
      null,
      true,
      [1, [2]],
      { email: 'b@example.com', name: 'B \\"quoted\\"' },
    ],
    nested: { customers: [9] },
  };

  it.each([1, 2, 3, 7, 64, 4096])('hands over each item and keeps the rest, in chunks of %i bytes', (size) => {
    for (const text of [JSON.stringify(body), JSON.stringify(body, null, 2)]) {
      const { items, rest } = split(text, size);
      expect(items).toEqual(body.customers);
      expect(rest).toEqual({ ...body, customers: [] });
    }
  });

  it('takes an empty array and a body without the key', () => {
    expect(split('{"customers": [ ]}', 3)).toEqual({ items: [], rest: { customers: [] } });
    expect(split('{"other":[1,2]}', 3)).toEqual({ items: [], rest: { other: [1, 2] } });
  });

  it('refuses an item or a rest larger than allowed, and a body cut short', () => {
    expect(() => split(`{"customers":[${JSON.stringify({ a: 'x'.repeat(2_000) })}]}`, 100)).toThrow(JsonTooLargeError);
    expect(() => split(`{"blob":"${'x'.repeat(2_000)}","customers":[]}`, 100)).toThrow(JsonTooLargeError);
    expect(() => split('{"customers":[{"a":1}', 4)).toThrow(SyntaxError);
    expect(() => split('{"customers":[1]}}', 4)).toThrow(SyntaxError);
  });
});
