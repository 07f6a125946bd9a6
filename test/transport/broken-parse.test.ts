// @vitest-environment node
// A page whose JSON.parse throws (issue 24): the core's parser is the one the page had when the core
// loaded, so it may be broken too. A record it cannot read is kept for a page whose parser works.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { STORE_VERSION, createBacklog } from '../../src/transport/backlog.js';
import { webStorage } from '../../src/transport/storage.js';
import { W_BAD_BACKLOG } from '../../src/transport/warnings.js';
import { fakeEvent, memStorage } from './helpers.js';

const json = vi.hoisted(() => ({ broken: false }));
vi.mock('../../src/protocol/json.js', async (original) => {
  const real = await original<typeof import('../../src/protocol/json.js')>();
  return {
    ...real,
    parse: (text: string) => {
      if (json.broken) throw new SyntaxError('JSON.parse is broken on this page');
      return real.parse(text);
    },
  };
});

const KEY = `cb:v${STORE_VERSION}:K:earlier`;
const realParse = JSON.parse;
/** The page broke JSON.parse before the core loaded: the global and the core's copy both throw. */
const breakParse = (broken: boolean) => {
  json.broken = broken;
  JSON.parse = broken
    ? () => {
        throw new SyntaxError('JSON.parse is broken on this page');
      }
    : realParse;
};
afterEach(() => breakParse(false));

/** A localStorage of a page (what webStorage reads), holding `data`. */
function page(data: Record<string, string>) {
  const ls = Object.assign(Object.create(null), data);
  Object.defineProperties(ls, {
    getItem: { value: (k: string) => (k in data ? data[k] : null) },
    setItem: {
      value: (k: string, v: string) => {
        data[k] = v;
      },
    },
    removeItem: {
      value: (k: string) => {
        delete data[k];
      },
    },
  });
  return webStorage({ localStorage: ls } as unknown as Window);
}

describe('a record this page cannot parse', () => {
  const order = fakeEvent('order');
  const text = JSON.stringify({ t: 0, q: [order], b: [] });

  it('is kept, without W24, while the parser is broken; a page with a working one takes it', () => {
    const data = { [KEY]: text };
    breakParse(true);
    const warn = vi.fn();
    const take = vi.fn();
    createBacklog(page(data), 'K', 'me', warn)._adopt(take);
    expect(take).not.toHaveBeenCalled();
    expect(warn).not.toHaveBeenCalledWith(W_BAD_BACKLOG);
    expect(data[KEY]).toBe(text);
    breakParse(false);
    createBacklog(page(data), 'K', 'next', vi.fn())._adopt(take);
    expect(take).toHaveBeenCalledWith([order]);
    expect(data[KEY]).toBeUndefined();
  });

  it('is removed as garbage (W24) when the parser works', () => {
    const storage = memStorage({ [KEY]: '{not json' });
    const warn = vi.fn();
    createBacklog(storage, 'K', 'me', warn)._adopt(vi.fn());
    expect(warn).toHaveBeenCalledWith(W_BAD_BACKLOG);
    expect(storage.data[KEY]).toBeUndefined();
  });
});
