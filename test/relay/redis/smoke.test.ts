import { afterAll, beforeAll, expect, it } from 'vitest';
import { historyOrder } from '../../sync/destinations/fixture.js';
import { devServer, received, relayTo } from '../helpers.js';
import { type RedisServer, startRedis } from './redis-server.js';

let redis: RedisServer;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(() => redis.stop());

it('smoke', async () => {
  const dev = await devServer();
  const relay = relayTo(dev, { redis: redis.url, lockDurationMs: 2000 });
  const outcome = await relay.order(historyOrder(1));
  console.log(outcome);
  console.log(await relay.flush(10_000));
  console.log(received(dev));
  expect(received(dev).length).toBe(4);
});
