// A new destination is one descriptor added to the table: the sync, the CLI's flags, help and
// checks, and the option wording all follow without touching them.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { deliverItems } from '../../src/delivery/deliver-items.js';
import type { DestinationDescriptor } from '../../src/sync/destination.js';
import { orderOfLine } from '../../src/sync/order/order-line.js';
import { readOrder } from '../../src/sync/order/read-order.js';

interface WebhookOptions {
  url: string;
}

/** A destination that posts each order as JSON to a URL: the whole of it. */
const webhook: DestinationDescriptor<'webhook', 'webhook', WebhookOptions, Record<string, unknown>> = {
  name: 'webhook',
  title: 'Webhook',
  summary: 'one POST per order',
  optionsKey: 'webhook',
  options: [
    {
      option: 'url',
      flag: 'webhook-url',
      type: 'string',
      arg: '<url>',
      env: 'WEBHOOK_URL',
      label: 'webhook URL',
      required: 'always',
      help: 'where to post',
    },
  ],
  refuses: (p) => p.field === 'orderId',
  create(options) {
    if (!options?.url) throw new Error('pass `webhook.url`');
    const { url } = options;
    return {
      name: 'webhook',
      account: url,
      read(value) {
        const order = orderOfLine(value, 'the webhook');
        if ('reason' in order) return order;
        const problems = readOrder(order.item).problems.filter((p) => webhook.refuses(p));
        return problems.length ? { reason: problems.map((p) => p.message).join('; ') } : order;
      },
      maxItems: 1,
      deliver: (items, ctx) =>
        deliverItems(items, ctx, {
          request: ([order]) => ({ method: 'POST', url, headers: {}, body: JSON.stringify(order) }),
          configHint: 'check `webhook.url`',
        }),
    };
  },
};

vi.mock('../../src/sync/destinations/table.js', async (load) => {
  const real = await load<typeof import('../../src/sync/destinations/table.js')>();
  const all = [...real.DESTINATIONS, webhook];
  return { ...real, DESTINATIONS: all, destinationNamed: (name: string) => all.find((d) => d.name === name) };
});

const { syncHistory } = await import('../../src/sync/sync.js');
const { destinationOptions, destinationUsage, flagWording } = await import('../../src/cli/sync-destination.js');

const servers: Array<ReturnType<typeof createServer>> = [];
afterEach(() => {
  for (const s of servers.splice(0)) s.close();
});

describe('a destination added to the table', () => {
  it('is synced to, gets its flags, environment variable, help and checks, and its options worded as flags', async () => {
    const received: unknown[] = [];
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => {
        body += c.toString();
      });
      req.on('end', () => {
        received.push(JSON.parse(body));
        res.end('{}');
      });
    });
    servers.push(server);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;

    const { options } = destinationOptions({ to: 'webhook' }, { WEBHOOK_URL: url }, false);
    expect(options).toEqual({ destination: 'webhook', webhook: { url } });
    const summary = await syncHistory(['{"orderId":"1","amount":1}', '{"amount":2}', '{"orderId":"3"}'], {
      ...options,
      backoffBaseMs: 1,
    });
    expect(summary).toMatchObject({ sent: 2, rejected: 1 });
    expect(received).toEqual([{ orderId: '1', amount: 1 }, { orderId: '3' }]);

    expect(destinationUsage()).toMatch(
      /Webhook \(--to webhook\): one POST per order\n\s+--webhook-url <url> +where to post \(better: env WEBHOOK_URL/,
    );
    expect(() => destinationOptions({ to: 'webhook' }, {}, false)).toThrow(
      'no webhook URL: set WEBHOOK_URL (or pass --webhook-url)',
    );
    expect(() => destinationOptions({ 'webhook-url': url }, { RICHPANEL_API_KEY: 'k' }, true)).toThrow(
      '--webhook-url is for --to webhook',
    );
    expect(flagWording(webhook)('pass `webhook.url`')).toBe('pass --webhook-url / WEBHOOK_URL');
  });
});
