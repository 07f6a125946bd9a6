// The eSputnik emulator as eSputnik behaves: it keeps contacts, imports them asynchronously, keeps
// an event or order only for a contact it has (answering 200 and ignoring the rest, shown as
// ignored), erases on delete, and holds the batch and rate limits.
import { afterEach, describe, expect, it } from 'vitest';
import { startCollector, type CollectorOptions, type RunningCollector } from '../../src/collector/index.js';
import { toEsputnikEvent, toEsputnikOrder, toEsputnikPastEvent } from '../../src/sync/destinations/esputnik/map.js';
import { historyOrder } from '../sync/destinations/fixture.js';

const KEY = 'esp-key';
const running: RunningCollector[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((c) => c.close()));
});
async function start(options: CollectorOptions['esputnik'] = {}): Promise<RunningCollector> {
  const c = await startCollector({ esputnik: { apiKey: KEY, ...options } });
  running.push(c);
  return c;
}

const basic = (key: string) => `Basic ${Buffer.from(`user:${key}`).toString('base64')}`;
async function call(
  c: RunningCollector,
  method: string,
  path: string,
  body?: unknown,
  key = KEY,
): Promise<{ status: number; body: any }> {
  const res = await fetch(`${c.url}/esputnik/api/v1/${path}`, {
    method,
    headers: { 'content-type': 'application/json', authorization: basic(key) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

/** Imports contacts and asks about the import until it is FINISHED; returns the statuses seen. */
async function importContacts(c: RunningCollector, contacts: unknown[], dedupeOn = 'externalCustomerId') {
  const answer = await call(c, 'POST', 'contacts', { contacts, dedupeOn });
  expect(answer.status).toBe(200);
  const statuses: string[] = [];
  for (let i = 0; i < 10 && statuses.at(-1) !== 'FINISHED'; i++)
    statuses.push((await call(c, 'GET', `importstatus/${answer.body.asyncSessionId}`)).body.status);
  return { answer: answer.body, statuses };
}

const contactOf = (n: number) => ({
  externalCustomerId: `c${n}`,
  firstName: 'Test',
  channels: [{ type: 'email', value: `shopper${n}@example.com` }],
});

describe('eSputnik emulator: contacts first', () => {
  it('answers an event for a contact it does not have with 200, keeps nothing and shows it as ignored, with the reason', async () => {
    const c = await start();
    const event = toEsputnikEvent(historyOrder(1), { eventType: 'orderCreated' });
    expect((await call(c, 'POST', 'event', event, 'wrong')).status).toBe(401);
    expect(await call(c, 'POST', 'event', event)).toEqual({ status: 200, body: { status: 'ok' } });
    expect(c.esputnik.events).toEqual([]);
    expect(c.esputnik.orders.size).toBe(0);
    expect(c.esputnik.ignored).toEqual([
      {
        kind: 'event',
        eventTypeKey: 'orderCreated',
        externalOrderId: 'order-1',
        reason: expect.stringMatching(
          /^eSputnik has no contact with externalCustomerId "c1", email "shopper1@example\.com": an event is kept only for an existing contact/,
        ),
      },
    ]);
    const listed = (await (await fetch(`${c.url}/api/events?event=esputnik.orderCreated`)).json()) as {
      events: Array<{ warnings: string[]; event: { properties: { ignored?: string; name?: string } } }>;
    };
    expect(listed.events).toHaveLength(1);
    expect(listed.events[0]!.event.properties.ignored).toMatch(/^eSputnik has no contact/);
    expect(listed.events[0]!.event.properties.name).toMatch(/^ignored: eSputnik has no contact/);
    expect(listed.events[0]!.warnings).toEqual([expect.stringMatching(/^ignored: eSputnik has no contact/)]);
  });

  it('imports contacts asynchronously: nothing is there until the import status says FINISHED', async () => {
    const c = await start({ pollsToFinish: 3 });
    const answer = await call(c, 'POST', 'contacts', {
      contacts: [contactOf(1), contactOf(2)],
      dedupeOn: 'externalCustomerId',
    });
    expect(answer.body).toEqual({ asyncSessionId: expect.any(String) });
    // Orders sent now, before the import finished, are on no contact: eSputnik drops them.
    expect((await call(c, 'POST', 'orders', { orders: [toEsputnikOrder(historyOrder(1))] })).status).toBe(200);
    expect(c.esputnik.orders.size).toBe(0);
    expect(c.esputnik.ignored.map((i) => [i.kind, i.externalOrderId])).toEqual([['order', 'order-1']]);
    const statuses = [];
    for (let i = 0; i < 3; i++)
      statuses.push((await call(c, 'GET', `importstatus/${answer.body.asyncSessionId}`)).body.status);
    expect(statuses).toEqual(['IN_PROGRESS', 'IN_PROGRESS', 'FINISHED']);
    expect([...c.esputnik.contacts.values()].map((x) => [x.externalCustomerId, x.email])).toEqual([
      ['c1', 'shopper1@example.com'],
      ['c2', 'shopper2@example.com'],
    ]);
    expect((await call(c, 'POST', 'orders', { orders: [toEsputnikOrder(historyOrder(1))] })).status).toBe(200);
    expect(c.esputnik.orders.get('order-1')).toMatchObject({ contactId: 1, totalCost: 59.97, status: 'IN_PROGRESS' });
    expect(c.events.map((e) => e.name)).toEqual([
      'esputnik.contacts',
      'esputnik.orders',
      'esputnik.import',
      'esputnik.orders',
    ]);
  });

  it('finds an event’s contact by externalCustomerId, email or phone params in any letter case (an e-mail in any case)', async () => {
    const c = await start({ pollsToFinish: 1 });
    await importContacts(c, [contactOf(1), { channels: [{ type: 'sms', value: '380501234567' }] }], 'email');
    const event = (params: Array<[string, string]>) => ({
      eventTypeKey: 'custom',
      keyValue: 'k',
      params: params.map(([name, value]) => ({ name, value })),
    });
    await call(c, 'POST', 'event', event([['EMAIL', 'Shopper1@Example.com']]));
    await call(c, 'POST', 'event', event([['ExternalCustomerId', 'c1']]));
    await call(c, 'POST', 'event', event([['PhoneNumber', '380501234567']]));
    await call(c, 'POST', 'event', event([['externalCustomerId', 'C1']]));
    expect(c.esputnik.events.map((e) => e.contactId)).toEqual([1, 1, 2]);
    expect(c.esputnik.ignored.map((i) => i.reason)).toEqual([
      expect.stringMatching(/no contact with externalCustomerId "C1"/),
    ]);
  });

  it('deduplicates an import on dedupeOn: the same contacts imported twice stay one each, and are updated', async () => {
    const c = await start({ pollsToFinish: 1 });
    await importContacts(c, [contactOf(1), contactOf(2)]);
    const { statuses } = await importContacts(c, [{ ...contactOf(1), lastName: 'Again' }, contactOf(2)]);
    expect(statuses).toEqual(['FINISHED']);
    expect(c.esputnik.contacts.size).toBe(2);
    expect(c.esputnik.contacts.get(1)).toMatchObject({ externalCustomerId: 'c1', lastName: 'Again' });
    // One contact by e-mail, with the e-mail in another case: the same contact.
    await importContacts(
      c,
      [{ channels: [{ type: 'email', value: 'SHOPPER2@example.com' }], firstName: 'Two' }],
      'email',
    );
    expect(c.esputnik.contacts.size).toBe(2);
    expect(c.esputnik.contacts.get(2)).toMatchObject({ firstName: 'Two', externalCustomerId: 'c2' });
    expect(
      c.events.filter((e) => e.name === 'esputnik.import').map((e) => (e.event.properties as { name?: string }).name),
    ).toEqual([
      expect.stringMatching(/finished · 2 new · 0 updated$/),
      expect.stringMatching(/finished · 0 new · 2 updated$/),
      expect.stringMatching(/finished · 0 new · 1 updated$/),
    ]);
  });

  it('answers failedContacts for contacts it cannot take, and keeps the others', async () => {
    const c = await start({ pollsToFinish: 1 });
    const { answer } = await importContacts(c, [
      contactOf(1),
      { channels: [{ type: 'email', value: 'not-an-address' }] },
      { firstName: 'Nobody' },
    ]);
    expect(answer.failedContacts).toEqual([
      {
        contact: { channels: [{ type: 'email', value: 'not-an-address' }] },
        error: expect.stringMatching(/not an e-mail/),
      },
      {
        contact: { firstName: 'Nobody' },
        error: expect.stringMatching(/needs an e-mail or sms channel, or an externalCustomerId/),
      },
    ]);
    expect(c.esputnik.contacts.size).toBe(1);
  });

  it('adds or updates one contact, searches contacts by e-mail, and erases one by externalCustomerId with its orders', async () => {
    const c = await start({ pollsToFinish: 1 });
    const first = await call(c, 'POST', 'contact', contactOf(1));
    const again = await call(c, 'POST', 'contact', { ...contactOf(1), lastName: 'Smith' });
    expect([first.body, again.body]).toEqual([{ id: 1 }, { id: 1 }]);
    await call(c, 'POST', 'orders', {
      orders: [toEsputnikOrder(historyOrder(1, 2)), toEsputnikOrder(historyOrder(3, 2))],
    });
    expect(c.esputnik.orders.size).toBe(2);
    expect((await call(c, 'GET', 'contacts?email=Shopper1%40example.com')).body).toEqual([
      {
        id: 1,
        externalCustomerId: 'c1',
        firstName: 'Test',
        lastName: 'Smith',
        channels: [{ type: 'email', value: 'shopper1@example.com' }],
      },
    ]);
    expect((await call(c, 'DELETE', 'contact?externalCustomerId=nobody&erase=true')).status).toBe(404);
    expect((await call(c, 'DELETE', 'contact?externalCustomerId=c1&erase=true')).status).toBe(200);
    expect([c.esputnik.contacts.size, c.esputnik.orders.size]).toEqual([0, 0]);
    expect((await call(c, 'GET', 'contacts?email=shopper1%40example.com')).body).toEqual([]);
    expect(
      c.events
        .filter((e) => e.name === 'esputnik.delete_contact')
        .map((e) => (e.event.properties as { name?: string }).name),
    ).toEqual(['shopper1@example.com · erased with 2 orders']);
  });

  it('keeps a contact deleted without erase out of events and imports unless restoreDeleted', async () => {
    const c = await start({ pollsToFinish: 1 });
    await importContacts(c, [contactOf(1)]);
    expect((await call(c, 'DELETE', 'contact?externalCustomerId=c1&erase=false')).status).toBe(200);
    await call(c, 'POST', 'event', toEsputnikEvent(historyOrder(1)));
    expect(c.esputnik.ignored).toHaveLength(1);
    await importContacts(c, [contactOf(1)]);
    expect(c.esputnik.contacts.get(1)?.deleted).toBe(true);
    const answer = await call(c, 'POST', 'contacts', {
      contacts: [contactOf(1)],
      dedupeOn: 'externalCustomerId',
      restoreDeleted: true,
    });
    await call(c, 'GET', `importstatus/${answer.body.asyncSessionId}`);
    expect(c.esputnik.contacts.get(1)?.deleted).toBe(false);
    expect(c.esputnik.contacts.size).toBe(1);
  });

  it('keeps past events of known contacts with their own time, and ignores the others', async () => {
    const c = await start({ pollsToFinish: 1 });
    await importContacts(c, [contactOf(1)]);
    const events = [toEsputnikPastEvent(historyOrder(1)), toEsputnikPastEvent(historyOrder(2))];
    expect((await call(c, 'POST', 'past_events', { events })).status).toBe(200);
    expect(c.esputnik.events.map((e) => [e.params.externalOrderId, e.occurred])).toEqual([
      ['order-1', '2023-11-14T22:14:20+00:00'],
    ]);
    expect(c.esputnik.ignored.map((i) => [i.kind, i.externalOrderId])).toEqual([['past_event', 'order-2']]);
    const missing = await call(c, 'POST', 'past_events', { events: [{ ...events[0], occurred: undefined }] });
    expect(missing).toEqual({
      status: 400,
      body: { error: 'invalid past events', errors: ['events[0]: occurred is required as YYYY-MM-DDTHH:mm'] },
    });
  });

  it('holds the batch limits: 3,000 contacts, 1,000 orders, 500 past events a request', async () => {
    const c = await start();
    const contacts = await call(c, 'POST', 'contacts', {
      contacts: Array.from({ length: 3001 }, (_, i) => contactOf(i)),
    });
    const order = toEsputnikOrder(historyOrder(1));
    const orders = await call(c, 'POST', 'orders', { orders: Array.from({ length: 1001 }, () => order) });
    const past = toEsputnikPastEvent(historyOrder(1));
    const events = await call(c, 'POST', 'past_events', { events: Array.from({ length: 501 }, () => past) });
    expect([contacts, orders, events].map((a) => [a.status, a.body.error])).toEqual([
      [400, 'at most 3000 contacts a request (got 3001)'],
      [400, 'at most 1000 orders a request (got 1001)'],
      [400, 'at most 500 past events a request (got 501)'],
    ]);
  });

  it('answers failedOrders for orders missing what Add orders requires', async () => {
    const c = await start();
    const { email: _e, ...noContact } = toEsputnikOrder(historyOrder(1));
    const answer = await call(c, 'POST', 'orders', {
      orders: [noContact, { ...toEsputnikOrder(historyOrder(2)), status: 'SHIPPED' }],
    });
    expect(answer).toEqual({
      status: 200,
      body: {
        failedOrders: [
          { externalOrderId: 'order-1', error: 'email or phone is required' },
          { externalOrderId: 'order-2', error: expect.stringMatching(/^status must be one of INITIALIZED/) },
        ],
      },
    });
  });

  it('refuses missing required params, unmatched item costs, bad dates and over-long keys of an event with 400', async () => {
    const c = await start();
    const res = await call(c, 'POST', 'event', {
      eventTypeKey: 'orderCreated',
      keyValue: 'k'.repeat(301),
      params: [
        { name: 'externalOrderId', value: '1' },
        { name: 'totalCost', value: '10' },
        { name: 'status', value: 'SHIPPED' },
        { name: 'date', value: '2020-01-01' },
        {
          name: 'items',
          value: JSON.stringify([{ externalItemId: 'a', name: 'A', quantity: 1, cost: 9, url: 'u', imageUrl: 'i' }]),
        },
      ],
    });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([
      'keyValue must be 1 to 300 characters',
      expect.stringMatching(/^status must be one of INITIALIZED/),
      'date is required as YYYY-MM-DDTHH:mm:ss',
      'a contact is required: externalCustomerId, email or phone',
      "the items' costs add up to 9, not totalCost 10",
    ]);
  });

  it('answers 413 for an event over 20 KB, and ignores orderDelivered for an order it does not have', async () => {
    const c = await start({ pollsToFinish: 1 });
    await importContacts(c, [contactOf(1)]);
    const big = await call(c, 'POST', 'event', {
      eventTypeKey: 'custom',
      keyValue: 'k',
      params: [{ name: 'blob', value: 'x'.repeat(21 * 1024) }],
    });
    expect(big.status).toBe(413);
    const delivered = {
      eventTypeKey: 'orderDelivered',
      keyValue: 'k',
      params: [
        { name: 'externalOrderId', value: 'ghost' },
        { name: 'externalCustomerId', value: 'c1' },
      ],
    };
    expect((await call(c, 'POST', 'event', delivered)).status).toBe(200);
    expect(c.esputnik.orders.has('ghost')).toBe(false);
    expect(c.esputnik.events).toEqual([]);
    expect(c.esputnik.ignored.map((i) => i.reason)).toEqual([expect.stringMatching(/^no such order/)]);
  });

  it('answers 429 with Retry-After past the rate of each kind of request', async () => {
    const c = await start({ perSecond: { events: 2, rest: 1 }, windowMs: 60_000 });
    const statuses = [];
    for (let i = 0; i < 3; i++)
      statuses.push((await call(c, 'POST', 'event', toEsputnikEvent(historyOrder(1)))).status);
    const rest = [
      (await call(c, 'GET', 'contacts?email=a%40b.c')).status,
      (await call(c, 'GET', 'contacts?email=a%40b.c')).status,
    ];
    expect([statuses, rest]).toEqual([
      [200, 200, 429],
      [200, 429],
    ]);
  });
});
