import { describe, expect, it } from 'vitest';
import { ORDER_FIXTURE } from '../fixtures/load.js';
import { readHistoryLine, stableEventId, toEpochMs } from '../../src/server/history-line.js';
import { LineRanges } from '../../src/server/progress-ranges.js';

const fixture = ORDER_FIXTURE;
const KEY = 'key-1';
const NOW = 1_700_000_000_000;

function ok(text: string) {
  const r = readHistoryLine(text, KEY, NOW);
  if ('reason' in r) throw new Error(r.reason);
  return r.event;
}

describe('readHistoryLine', () => {
  it('sends the documented order fixture as an order event, properties untouched', () => {
    const e = ok(JSON.stringify(fixture));
    expect(e.event).toBe('order');
    expect(e.properties).toEqual(fixture);
    expect(e.time).toEqual({ sentAt: 1606758898000, originalTimestamp: 1606758898000 });
    expect(e.userProperties).toMatchObject({ uid: 'shopper@example.com', email: 'shopper@example.com' });
    expect(e.eventId).toBe(stableEventId(KEY, 'order', '11111'));
  });

  it('reads snake_case orders, ISO dates and customer ids', () => {
    const e = ok(
      '{"order_id":7,"amount":"12.50","items":[{"price":1,"quantity":1}],"created_at":"2024-03-01T10:00:00Z","customer":{"id":99,"email":"c@example.com","first_name":"Cy"}}',
    );
    expect(e.time?.sentAt).toBe(Date.UTC(2024, 2, 1, 10));
    expect(e.userProperties).toEqual({ uid: '99', email: 'c@example.com', firstName: 'Cy' });
    expect(e.eventId).toBe(stableEventId(KEY, 'order', '7'));
  });

  it('takes createdAt before processedAt and reads epoch seconds as seconds', () => {
    expect(ok('{"orderId":"1","amount":1,"items":[{}],"processedAt":5,"createdAt":1700000000}').time?.sentAt).toBe(
      1_700_000_000_000,
    );
    expect(ok('{"orderId":"1","amount":1,"items":[{}]}').time?.sentAt).toBe(NOW);
    expect(toEpochMs('not a date')).toBeNaN();
  });

  it('sends a line with "event" as that event with a stable id', () => {
    const text = '{"event":"identify","userProperties":{"uid":"42"},"time":{"sentAt":1700000000001}}';
    const e = ok(text);
    expect(e).toMatchObject({
      event: 'identify',
      properties: {},
      userProperties: { uid: '42' },
      time: { sentAt: 1700000000001 },
    });
    expect(ok(text).eventId).toBe(e.eventId);
    expect(ok('{"event":"order","properties":{"orderId":"5"}}').eventId).toBe(stableEventId(KEY, 'order', '5'));
  });

  it.each([
    ['{"orderId":', 'not valid JSON'],
    ['[1,2]', 'not a JSON object'],
    ['{"amount":1,"items":[{}]}', 'no orderId'],
    ['{"orderId":"1","items":[{}]}', 'amount is missing'],
    ['{"orderId":"1","amount":"ten","items":[{}]}', 'amount is missing or not a number'],
    ['{"orderId":"1","amount":1}', 'items is missing'],
    ['{"orderId":"1","amount":1,"items":[]}', 'items is missing or empty'],
    ['{"orderId":"1","amount":1,"items":[{}],"createdAt":"yesterday"}', 'not epoch ms or an ISO date'],
    ['{"event":"Add To Cart"}', 'snake_case'],
  ])('rejects %s with a reason', (text, reason) => {
    const r = readHistoryLine(text, KEY, NOW);
    expect('reason' in r && r.reason).toContain(reason);
  });

  it('derives different UUID-shaped ids for different keys, events and orders', () => {
    const id = stableEventId(KEY, 'order', '1');
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(
      new Set([
        id,
        stableEventId('key-2', 'order', '1'),
        stableEventId(KEY, 'refund', '1'),
        stableEventId(KEY, 'order', '2'),
      ]).size,
    ).toBe(4);
  });
});

describe('LineRanges', () => {
  it('advances the watermark only over contiguous finished lines', () => {
    const r = new LineRanges();
    r.add(26, 50);
    r.add(76, 100);
    expect([r.through, r.done]).toEqual([
      0,
      [
        [26, 50],
        [76, 100],
      ],
    ]);
    r.add(1, 25);
    expect([r.through, r.done]).toEqual([50, [[76, 100]]]);
    expect(r.has(60)).toBe(false);
    expect(r.has(80)).toBe(true);
    r.add(51, 75);
    expect([r.through, r.done]).toEqual([100, []]);
  });
});
