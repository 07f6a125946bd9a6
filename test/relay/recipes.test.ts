// The README's relay recipes run as written: an Express webhook handler with an outbox, and a
// serverless handler that flushes before it returns, against the dev server.
import type { Server } from 'node:http';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import { afterEach, expect, it } from 'vitest';
import { RelayInputError, createRelay } from '../../src/relay/index.js';
import { historyOrder } from '../sync/destinations/fixture.js';
import { destinationsAt, devServer } from './helpers.js';

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

it('takes order webhooks in Express: 204 once the order is in the outbox, 422 naming what is missing', async () => {
  const dev = await devServer();
  const outbox = join(mkdtempSync(join(tmpdir(), 'cartbeacon-recipe-')), 'outbox');
  const toCartbeaconOrder = (body: Record<string, unknown>) => body;
  // The README recipe (destinations at the dev server):
  const relay = createRelay({ ...destinationsAt(dev.url), outbox });
  const app = express();
  app.post('/webhooks/orders', express.json(), async (req, res) => {
    try {
      await relay.order(toCartbeaconOrder(req.body));
      res.sendStatus(204);
    } catch (error) {
      if (!(error instanceof RelayInputError)) throw error;
      res.status(422).json({ error: error.message });
    }
  });
  const server = app.listen(0, '127.0.0.1');
  servers.push(server);
  await new Promise((resolve) => server.once('listening', resolve));
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/webhooks/orders`;
  const post = (body: unknown) =>
    fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  expect((await post(historyOrder(1))).status).toBe(204);
  const bad = await post({ orderId: 'x' });
  expect(bad.status).toBe(422);
  expect(((await bad.json()) as { error: string }).error).toMatch(
    /^order "x" cannot be relayed: Richpanel: amount is missing/,
  );
  expect(await relay.flush(10_000)).toEqual({ pending: 0, left: [] });
  await relay.close();
  expect(dev.events.map((e) => e.name).sort()).toEqual([
    'esputnik.contact',
    'esputnik.orderCreated',
    'order',
    'rfmcube.merge_customer',
    'rfmcube.merge_order',
  ]);
});

it('delivers before a serverless handler returns', async () => {
  const dev = await devServer();
  const destinations = destinationsAt(dev.url);
  const outbox = join(mkdtempSync(join(tmpdir(), 'cartbeacon-recipe-')), 'outbox');
  // The README recipe:
  const relay = createRelay({ ...destinations, outbox });
  async function handler(event: { body: string }) {
    await relay.order(JSON.parse(event.body));
    const { pending } = await relay.flush(5_000);
    return { statusCode: 200, body: JSON.stringify({ pending }) };
  }
  expect(await handler({ body: JSON.stringify(historyOrder(1)) })).toEqual({ statusCode: 200, body: '{"pending":0}' });
  expect(dev.esputnik.orders.has('order-1')).toBe(true);
  expect(dev.rfmcube.customers.get('shopper1@example.com')?.orders.has('order-1')).toBe(true);
  expect(dev.events.filter((e) => e.name === 'order')).toHaveLength(1);
  await relay.close();
});
