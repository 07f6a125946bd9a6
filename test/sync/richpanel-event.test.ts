import { describe, expect, it } from 'vitest';
import { parseObjectLine } from '../../src/sync/destination.js';
import {
  contentEventId,
  historyEvent,
  richpanelOrderEvent,
  stableEventId,
} from '../../src/sync/destinations/richpanel/history-event.js';
import { toEpochMs } from '../../src/sync/order/fields.js';
import { ORDER_FIXTURE } from '../fixtures/load.js';

const fixture = ORDER_FIXTURE;
const KEY = 'key-1';
const NOW = 1_700_000_000_000;

function read(text: string) {
  const parsed = parseObjectLine(text);
  return 'reason' in parsed ? parsed : historyEvent(parsed.item, KEY, NOW, text);
}

function ok(text: string) {
  const r = read(text);
  if ('reason' in r) throw new Error(r.reason);
  return r.item;
}

describe('historyEvent (Richpanel)', () => {
  it('sends the documented order fixture as an order event, properties untouched', () => {
    const e = ok(JSON.stringify(fixture));
    expect(e.event).toBe('order');
    expect(e.properties).toEqual(fixture);
    expect(e.time).toEqual({ sentAt: 1606758898000, originalTimestamp: 1606758898000 });
    expect(e.userProperties).toMatchObject({ uid: 'shopper@example.com', email: 'shopper@example.com' });
    expect(e.eventId).toBe(contentEventId(KEY, 'order', JSON.stringify(fixture)));
  });

  it('reads snake_case orders, ISO dates and customer ids', () => {
    const text =
      '{"order_id":7,"amount":"12.50","items":[{"price":1,"quantity":1}],"created_at":"2024-03-01T10:00:00Z","customer":{"id":99,"email":"c@example.com","first_name":"Cy"}}';
    const e = ok(text);
    expect(e.time?.sentAt).toBe(Date.UTC(2024, 2, 1, 10));
    expect(e.userProperties).toEqual({ uid: '99', email: 'c@example.com', firstName: 'Cy' });
    expect(e.eventId).toBe(contentEventId(KEY, 'order', text));
  });

  it('takes createdAt before processedAt and reads epoch seconds as seconds', () => {
    const item = '"items":[{"price":1,"quantity":1}]';
    expect(ok(`{"orderId":"1","amount":1,${item},"processedAt":5,"createdAt":1700000000}`).time?.sentAt).toBe(
      1_700_000_000_000,
    );
    expect(ok(`{"orderId":"1","amount":1,${item}}`).time?.sentAt).toBe(NOW);
    expect(toEpochMs('not a date')).toBeNaN();
  });

  it('gives an order an eventId stable for the same content and new for new content', () => {
    const line = JSON.stringify(fixture);
    const id = ok(line).eventId;
    expect(ok(` ${line}  `).eventId).toBe(id);
    // An order passed as an object (a relay) gets the id of its JSON: the same as the line's.
    expect(richpanelOrderEvent({ ...fixture }, KEY, NOW)).toMatchObject({ item: { eventId: id } });
    expect(ok(JSON.stringify({ ...fixture, amount: 170 })).eventId).not.toBe(id);
    expect(ok(JSON.stringify({ ...fixture, status: 'delivered' })).eventId).not.toBe(id);
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
    expect(ok('{"event":"identify","userProperties":{"uid":"43"}}').eventId).not.toBe(e.eventId);
    const given = '3b241101-e2bb-4255-8caf-4136c566a962';
    expect(ok(`{"event":"page_view","eventId":"${given}"}`).eventId).toBe(given);
  });

  it.each([
    ['{"orderId":', 'not valid JSON'],
    ['[1,2]', 'not a JSON object'],
    ['{"amount":1,"items":[{}]}', 'no orderId'],
    ['{"orderId":"1","items":[{}]}', 'amount is missing'],
    ['{"orderId":"1","amount":"ten","items":[{}]}', 'amount must be a number of 0 or more (got "ten")'],
    ['{"orderId":"1","amount":1}', 'items is missing'],
    ['{"orderId":"1","amount":1,"items":[]}', 'items is missing or empty'],
    ['{"orderId":"1","amount":1,"items":[{}]}', 'items[0].quantity is missing; items[0].price is missing'],
    [
      '{"orderId":"1","amount":1,"items":[{"price":1,"quantity":1}],"createdAt":"yesterday"}',
      'createdAt is not a date (got "yesterday")',
    ],
    [
      '{"orderId":"1","amount":1,"items":[{"price":1,"quantity":1}],"fulfillment":[{}]}',
      'fulfillment[0].id is missing',
    ],
    ['{"event":"order","properties":{"orderId":"5"}}', 'order "5" cannot be sent to Richpanel: amount is missing'],
    ['{"event":"Add To Cart"}', 'snake_case'],
  ])('rejects %s with a reason', (text, reason) => {
    const r = read(text);
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
