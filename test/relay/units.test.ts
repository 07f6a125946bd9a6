// The relay's pure parts: delivery order per destination, the eSputnik event type, the bounded
// memory, and the outbox's entry and memory files as they are read back.
import { describe, expect, it } from 'vitest';
import { orderingOf } from '../../src/relay/change.js';
import type { Entry } from '../../src/relay/entry.js';
import { startable, type Ordered } from '../../src/relay/lanes.js';
import { Memory } from '../../src/relay/memory.js';
import { parseEntry, serializeEntry } from '../../src/relay/outbox/entry-file.js';
import { parseMemory } from '../../src/relay/outbox/memory-file.js';
import { esputnikEventType } from '../../src/relay/targets/esputnik-event-type.js';
import { historyOrder } from '../sync/destinations/fixture.js';

const item = (name: string, keys: string[], barrier = false) => ({ name, keys, barrier });
const names = (list: Array<Ordered & { name: string }>) => list.map((i) => i.name);

describe('startable', () => {
  it('starts changes of different keys together, up to the capacity', () => {
    const queue = [item('a', ['order 1']), item('b', ['order 2']), item('c', ['order 3'])];
    expect(names(startable(queue, new Set(), 2))).toEqual(['a', 'b']);
    expect(names(startable(queue, new Set([queue[0]!]), 2))).toEqual(['b']);
  });

  it('holds back a change while an earlier one of the same order or customer is unfinished', () => {
    const queue = [
      item('create 1', ['order 1', 'email a@x.io']),
      item('other customer', ['order 2', 'email b@x.io']),
      item('update 1', ['order 1', 'email a@x.io']),
      item('same customer, new order', ['order 3', 'email a@x.io']),
    ];
    expect(names(startable(queue, new Set(), 4))).toEqual(['create 1', 'other customer']);
    expect(names(startable(queue.slice(1), new Set(), 4))).toEqual(['other customer', 'update 1']);
  });

  it('starts an erasure only when everything before it is done, and nothing after it until it is', () => {
    const queue = [item('a', ['order 1']), item('erase', [], true), item('b', ['order 2'])];
    expect(names(startable(queue, new Set(), 4))).toEqual(['a']);
    expect(names(startable(queue.slice(1), new Set(), 4))).toEqual(['erase']);
    expect(names(startable(queue.slice(1), new Set([queue[1]!]), 4))).toEqual([]);
    expect(names(startable(queue.slice(2), new Set(), 4))).toEqual(['b']);
  });

  it('orders an order by its id, e-mail and customer id, and makes an erasure a barrier', () => {
    expect(orderingOf('order', historyOrder(1))).toEqual({
      keys: ['order order-1', 'email shopper1@example.com', 'customer c1'],
      barrier: false,
    });
    expect(orderingOf('customer', { email: 'A@X.io' })).toEqual({ keys: ['email a@x.io'], barrier: false });
    expect(orderingOf('delete', { id: 7 })).toEqual({ keys: [], barrier: true });
  });
});

describe('esputnikEventType', () => {
  it('creates an order it has not sent, whatever its status', () => {
    expect(esputnikEventType(false, 'IN_PROGRESS')).toBe('orderCreated');
    expect(esputnikEventType(false, 'DELIVERED')).toBe('orderCreated');
  });

  it('sends a known order as delivered, cancelled or updated, as its mapped status says', () => {
    expect(esputnikEventType(true, 'DELIVERED')).toBe('orderDelivered');
    expect(esputnikEventType(true, 'CANCELLED')).toBe('orderCancelled');
    expect(esputnikEventType(true, 'IN_PROGRESS')).toBe('orderUpdated');
    expect(esputnikEventType(true, 'INITIALIZED')).toBe('orderUpdated');
  });
});

describe('Memory', () => {
  it('forgets the least recently used entry past its bound, and forgets on request', () => {
    const memory = new Memory(2);
    memory.apply([
      { set: 'a', value: '1' },
      { set: 'b', value: '1' },
    ]);
    memory.apply([{ set: 'a', value: '2' }]); // a is now the most recent
    memory.apply([{ set: 'c', value: '1' }]);
    expect([memory.get('a'), memory.get('b'), memory.get('c')]).toEqual(['2', undefined, '1']);
    memory.apply([{ forget: 'a' }]);
    expect(memory.facts()).toEqual([{ set: 'c', value: '1' }]);
  });

  it('reads a memory file back, skipping a line cut short by a crash', () => {
    const text = '{"set":"k","value":"1"}\n{"forget":"k"}\n{"set":"j","value":"2"}\n{"set":"x","val';
    expect(parseMemory(text)).toEqual({
      facts: [{ set: 'k', value: '1' }, { forget: 'k' }, { set: 'j', value: '2' }],
      lines: 4,
    });
  });
});

describe('entry files', () => {
  const value = historyOrder(1);
  const entry: Entry = {
    id: 'e1',
    seq: 3,
    kind: 'order',
    value,
    text: JSON.stringify(value),
    acceptedAt: 1_700_000_000_000,
    to: ['richpanel', 'esputnik'],
    done: { richpanel: { status: 'sent', retried: 0, duplicate: false, requests: ['order'] } },
    facts: [{ set: 'k', value: '1' }],
    lastError: { esputnik: 'not stored' },
    ...orderingOf('order', value),
  };

  it('reads back what it wrote, except the failures of this run', () => {
    expect(parseEntry(serializeEntry(entry))).toEqual({ ...entry, lastError: {} });
  });

  it('names what is wrong with a damaged or edited file', () => {
    const stored = JSON.parse(serializeEntry(entry));
    expect(parseEntry('{"version":1,')).toEqual({ problem: 'not readable JSON' });
    expect(parseEntry(JSON.stringify({ ...stored, kind: 'refund' }))).toEqual({
      problem: 'kind must be one of order, customer, delete',
    });
    expect(parseEntry(JSON.stringify({ ...stored, to: ['segment'] }))).toEqual({
      problem: 'to must list destinations',
    });
    expect(parseEntry(JSON.stringify({ ...stored, done: { richpanel: { status: 'maybe' } } }))).toEqual({
      problem: 'done must hold a result per destination',
    });
    expect(parseEntry(JSON.stringify({ ...stored, text: '[1]' }))).toEqual({ problem: 'text must hold a JSON object' });
  });
});
