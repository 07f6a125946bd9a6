// @vitest-environment happy-dom
import { readFileSync } from 'node:fs';
import { W_DEEP, W_DOM, W_LONG_STRING, W_PROTO_KEY } from '../../src/transport/warnings.js';
import { describe, expect, it, vi } from 'vitest';
import { MAX_DEPTH, MAX_STRING_LENGTH, sanitize, sanitizeProps } from '../../src/core/sanitize.js';

const order = JSON.parse(readFileSync('test/fixtures/order-properties.json', 'utf8'));
const clean = (v: unknown) => sanitize(v, () => {});

describe('sanitize', () => {
  it('keeps ordinary order properties deep-equal, as a copy', () => {
    const out = clean(order) as typeof order;
    expect(out).toEqual(order);
    expect(out).not.toBe(order);
    expect(out.items).not.toBe(order.items);
    expect(out.items[0]).not.toBe(order.items[0]);
  });

  it('replaces a circular reference with "[Circular]" and keeps shared (non-circular) objects', () => {
    const a: Record<string, unknown> = { name: 'a' };
    a.self = a;
    const shared = { x: 1 };
    expect(clean({ a, one: shared, two: shared })).toEqual({
      a: { name: 'a', self: '[Circular]' },
      one: { x: 1 },
      two: { x: 1 },
    });
    const list: unknown[] = [1];
    list.push(list);
    expect(clean(list)).toEqual([1, '[Circular]']);
  });

  it('turns BigInt into a string', () => {
    expect(clean({ id: BigInt('12345678901234567890') })).toEqual({ id: '12345678901234567890' });
  });

  it('drops functions and symbols (as keys are left out, in arrays become null)', () => {
    expect(clean({ f() {}, s: Symbol('x'), u: undefined, ok: 1 })).toEqual({ ok: 1 });
    expect(clean([() => 1, Symbol('y'), 2])).toEqual([null, null, 2]);
    expect(clean({ [Symbol('k')]: 1, k: 2 })).toEqual({ k: 2 });
  });

  it('turns NaN and ±Infinity into null', () => {
    expect(clean({ a: NaN, b: Infinity, c: -Infinity, d: 0, e: -1.5 })).toEqual({
      a: null,
      b: null,
      c: null,
      d: 0,
      e: -1.5,
    });
  });

  it('turns an invalid Date into null and a valid Date into its ISO string', () => {
    const when = new Date(Date.UTC(2026, 0, 2, 3, 4, 5, 6));
    expect(clean({ bad: new Date('nope'), when })).toEqual({ bad: null, when: '2026-01-02T03:04:05.006Z' });
  });

  it('leaves out DOM nodes and window', () => {
    const div = document.createElement('div');
    const warn = vi.fn();
    expect(
      sanitize({ el: div, text: document.createTextNode('t'), doc: document, win: window, keep: 'yes' }, warn),
    ).toEqual({ keep: 'yes' });
    expect(warn).toHaveBeenCalledWith(W_DOM);
    expect(clean([div, 1])).toEqual([null, 1]);
  });

  it('never copies a __proto__ key and never pollutes Object.prototype', () => {
    const input = JSON.parse('{"__proto__": {"polluted": "yes"}, "a": {"__proto__": {"polluted": "deep"}}, "b": 1}');
    const warn = vi.fn();
    const out = sanitize(input, warn) as Record<string, unknown>;
    expect(out).toEqual({ a: {}, b: 1 });
    expect(Object.keys(out)).toEqual(['a', 'b']);
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect((out as Record<string, unknown>).polluted).toBeUndefined();
    expect(JSON.stringify(out)).toBe('{"a":{},"b":1}');
    expect(warn).toHaveBeenCalledWith(W_PROTO_KEY);
  });

  it('cuts a 1 MB string to MAX_STRING_LENGTH', () => {
    const warn = vi.fn();
    const out = sanitize({ blob: 'x'.repeat(1_000_000) }, warn) as { blob: string };
    expect(out.blob.length).toBe(MAX_STRING_LENGTH);
    expect(MAX_STRING_LENGTH).toBeLessThan(64_000 / 2);
    expect(warn).toHaveBeenCalledWith(W_LONG_STRING, 1_000_000);
    expect(clean('y'.repeat(MAX_STRING_LENGTH))).toHaveLength(MAX_STRING_LENGTH);
  });

  it('cuts 5,000-level nesting without throwing', () => {
    let deep: Record<string, unknown> = { leaf: true };
    for (let i = 0; i < 5_000; i++) deep = { d: deep };
    let arr: unknown[] = [1];
    for (let i = 0; i < 5_000; i++) arr = [arr];
    const warn = vi.fn();
    const out = sanitize({ deep, arr }, warn);
    const text = JSON.stringify(out);
    expect(text).toContain('"[depth]"');
    expect(text.length).toBeLessThan(1_000);
    expect(warn).toHaveBeenCalledWith(W_DEEP);
    // the cut happens at MAX_DEPTH levels below the top
    let node = (out as { deep: unknown }).deep;
    let levels = 1;
    while (node && typeof node === 'object') {
      node = (node as { d: unknown }).d;
      levels++;
    }
    expect(node).toBe('[depth]');
    expect(levels).toBe(MAX_DEPTH);
  });

  it('leaves out a throwing getter, a throwing toJSON and a revoked Proxy, keeping the rest', () => {
    class Money {
      toJSON(): string {
        throw new Error('toJSON');
      }
    }
    const getter = Object.defineProperty({ ok: 1 }, 'boom', {
      enumerable: true,
      get: () => {
        throw new Error('getter');
      },
    });
    const { proxy, revoke } = Proxy.revocable({ a: 1 }, {});
    revoke();
    const warn = vi.fn();
    let out: unknown;
    expect(() => (out = sanitize({ getter, badJson: new Money(), proxy, good: 'yes' }, warn))).not.toThrow();
    expect(out).toEqual({ getter: { ok: 1 }, good: 'yes' });
    expect(() => sanitize(proxy, warn)).not.toThrow();
    expect(sanitize(proxy, warn)).toBeUndefined();
    expect(warn).toHaveBeenCalled();
  });

  it('never throws for a toJSON on a plain object that throws', () => {
    expect(() =>
      clean({
        bad: {
          toJSON() {
            throw new Error('toJSON');
          },
        },
        ok: 1,
      }),
    ).not.toThrow();
    expect(
      clean({
        bad: {
          toJSON() {
            throw new Error('toJSON');
          },
        },
        ok: 1,
      }),
    ).toMatchObject({ ok: 1 });
  });

  it('leaves out every reference to an unreadable object, not only the first', () => {
    const unreadable = new Proxy(
      {},
      {
        ownKeys: () => {
          throw new Error('no keys');
        },
      },
    );
    expect(clean({ a: unreadable, b: { inner: unreadable }, c: [unreadable] })).toEqual({ b: {}, c: [null] });
  });

  it('survives toJSON returning itself', () => {
    class Self {
      toJSON() {
        return this;
      }
    }
    const plain = {
      toJSON() {
        return this;
      },
    };
    for (const self of [new Self(), plain]) {
      let out: unknown;
      expect(() => (out = clean({ self, ok: 1 }))).not.toThrow();
      expect(out).toMatchObject({ ok: 1 });
      expect(() => JSON.stringify(out)).not.toThrow();
    }
  });

  it('uses toJSON of class instances (Decimal, moment…) as JSON.stringify does', () => {
    class Decimal {
      constructor(private v: string) {}
      toJSON() {
        return this.v;
      }
    }
    expect(clean({ price: new Decimal('12.50'), list: [new Decimal('1')] })).toEqual({ price: '12.50', list: ['1'] });
  });

  it('uses toJSON of a plain object as JSON.stringify does', () => {
    const money = { amount: 1250, toJSON: () => '12.50' };
    expect(clean({ money })).toEqual(JSON.parse(JSON.stringify({ money })));
  });

  it('never mutates its input', () => {
    const cyclic: Record<string, unknown> = {
      n: NaN,
      big: BigInt(1),
      f: () => 1,
      s: 'x'.repeat(10_000),
      when: new Date(0),
    };
    cyclic.self = cyclic;
    const before = { keys: Object.keys(cyclic), s: cyclic.s, self: cyclic.self, n: cyclic.n };
    const frozen = Object.freeze({ deep: Object.freeze({ a: [1, 2, Object.freeze({ b: NaN })] }) });
    expect(() => clean(frozen)).not.toThrow();
    clean(cyclic);
    expect(Object.keys(cyclic)).toEqual(before.keys);
    expect(cyclic.s).toBe(before.s);
    expect(cyclic.self).toBe(cyclic);
    expect(Number.isNaN(cyclic.n)).toBe(true);
    expect(cyclic.when).toBeInstanceOf(Date);
  });

  it('always returns something JSON.stringify accepts', () => {
    const nasty: Record<string, unknown> = { a: BigInt(1), b: [BigInt(2), NaN], c: new Date(NaN), d: Symbol('s') };
    nasty.e = nasty;
    expect(() => JSON.stringify(clean(nasty))).not.toThrow();
  });
});

describe('sanitizeProps', () => {
  it('turns null, [], false and undefined into {} without a warning', () => {
    const warn = vi.fn();
    for (const v of [null, [], false, undefined]) expect(sanitizeProps(v, warn)).toEqual({});
    expect(warn).not.toHaveBeenCalled();
  });

  it('turns a non-object into {} with a warning', () => {
    const warn = vi.fn();
    for (const v of ['text', 42, true, [1, 2]]) expect(sanitizeProps(v, warn)).toEqual({});
    expect(warn).toHaveBeenCalledTimes(4);
  });

  it('keeps camelCase and snake_case keys as given', () => {
    expect(sanitizeProps({ orderId: '1', order_id: '1', shipping_amount: 2 }, () => {})).toEqual({
      orderId: '1',
      order_id: '1',
      shipping_amount: 2,
    });
  });
});

describe('sanitize on pages that patch built-ins', () => {
  type Patched = { toJSON?: unknown };

  it('keeps arrays arrays where Prototype.js put a toJSON on Array.prototype', () => {
    (Array.prototype as unknown as Patched).toJSON = function (this: unknown[]) {
      return '[' + this.map((x) => JSON.stringify(x)).join(', ') + ']';
    };
    try {
      expect(clean({ items: [{ id: 1 }], tags: ['a'] })).toEqual({ items: [{ id: 1 }], tags: ['a'] });
    } finally {
      delete (Array.prototype as unknown as Patched).toJSON;
    }
  });

  it("ignores a toJSON patched onto Object.prototype, but not the caller's own", () => {
    (Object.prototype as Patched).toJSON = () => 'patched';
    try {
      expect(clean({ a: { b: 1 }, money: { toJSON: () => '12.50' } })).toEqual({ a: { b: 1 }, money: '12.50' });
    } finally {
      delete (Object.prototype as Patched).toJSON;
    }
  });

  it('keeps the keys of an object whose toJSON returns itself', () => {
    const self = {
      amount: 5,
      toJSON() {
        return this;
      },
    };
    expect(clean({ self })).toEqual({ self: { amount: 5 } });
  });
});
