import { afterEach, describe, expect, it } from 'vitest';
import { stringify } from '../../src/protocol/json.js';

type Patched = { toJSON?: unknown };
const arrayProto = Array.prototype as unknown as Patched;
const objectProto = Object.prototype as Patched;

describe('stringify', () => {
  afterEach(() => {
    delete arrayProto.toJSON;
    delete objectProto.toJSON;
  });

  it('writes arrays as arrays where Prototype.js patched Array.prototype.toJSON', () => {
    // Prototype.js 1.6: Array#toJSON returns the array's JSON as a string
    arrayProto.toJSON = function (this: unknown[]) {
      return '[' + this.map((x) => JSON.stringify(x)).join(', ') + ']';
    };
    const value = { events: [{ items: [{ id: 1 }] }] };
    expect(JSON.stringify(value)).not.toBe('{"events":[{"items":[{"id":1}]}]}');
    expect(stringify(value)).toBe('{"events":[{"items":[{"id":1}]}]}');
  });

  it('ignores a toJSON patched onto Object.prototype, and puts the patches back', () => {
    const patch = () => 'patched';
    objectProto.toJSON = patch;
    expect(stringify({ a: { b: 1 } })).toBe('{"a":{"b":1}}');
    expect(objectProto.toJSON).toBe(patch);
    expect(Object.keys(Object.prototype)).toEqual(['toJSON']);
  });

  it("keeps the toJSON of the caller's own objects and of Date", () => {
    const own = { toJSON: () => ({ x: 1 }) };
    expect(stringify({ own, at: new Date(0) })).toBe('{"own":{"x":1},"at":"1970-01-01T00:00:00.000Z"}');
  });
});
