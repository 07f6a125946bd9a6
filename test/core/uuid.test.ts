import { afterEach, describe, expect, it, vi } from 'vitest';
import { isUuid, uuid } from '../../src/core/uuid.js';

const V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

afterEach(() => vi.unstubAllGlobals());

describe('uuid', () => {
  it('makes distinct UUID v4 strings', () => {
    const ids = new Set(Array.from({ length: 1_000 }, uuid));
    expect(ids.size).toBe(1_000);
    for (const id of ids) expect(id).toMatch(V4);
  });

  it('makes UUID v4 from getRandomValues where randomUUID is missing (plain-http shops)', () => {
    const real = globalThis.crypto;
    const getRandomValues = vi.fn(<T extends ArrayBufferView>(a: T) => real.getRandomValues(a));
    vi.stubGlobal('crypto', { getRandomValues });
    const ids = new Set(Array.from({ length: 500 }, uuid));
    expect(ids.size).toBe(500);
    for (const id of ids) expect(id).toMatch(V4);
    expect(getRandomValues).toHaveBeenCalled();
  });
});

describe('uuid at start-up', () => {
  it('builds its table and pool on the first id, not when the core script runs (about 0.6 ms of load -> ready)', async () => {
    vi.resetModules();
    const from = vi.spyOn(Array, 'from');
    const RealUint8Array = Uint8Array;
    const made = vi.fn();
    vi.stubGlobal(
      'Uint8Array',
      class extends RealUint8Array {
        constructor(...args: ConstructorParameters<typeof Uint8Array>) {
          super(...args);
          made();
        }
      },
    );
    const fresh = await import('../../src/core/uuid.js');
    expect(from).not.toHaveBeenCalled();
    expect(made).not.toHaveBeenCalled();
    expect(fresh.uuid()).toMatch(V4);
    expect(from).toHaveBeenCalledTimes(1);
    expect(made).toHaveBeenCalledTimes(1);
    fresh.uuid();
    expect(from).toHaveBeenCalledTimes(1);
    from.mockRestore();
  });
});

describe('isUuid', () => {
  it('accepts UUID-shaped strings in either case', () => {
    expect(isUuid('3b241101-e2bb-4255-8caf-4136c566a962')).toBe(true);
    expect(isUuid('3B241101-E2BB-4255-8CAF-4136C566A962')).toBe(true);
  });

  it('refuses anything else', () => {
    for (const v of [
      '',
      'order-1',
      '3b241101e2bb42558caf4136c566a962',
      '3b241101-e2bb-4255-8caf-4136c566a96',
      '3b241101-e2bb-4255-8caf-4136c566a962x',
      42,
      null,
      undefined,
      {},
    ]) {
      expect(isUuid(v), String(v)).toBe(false);
    }
  });
});
