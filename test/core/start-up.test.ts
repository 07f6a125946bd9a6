// @vitest-environment happy-dom
// Start-up is all or nothing (issue 24): when making the stored identity and transport throws, the
// tracker starts again in memory only and still sends; a messenger the page refuses never stops it.
import { messenger } from '../../src/modules/index.js';
import { describe, expect, it, vi } from 'vitest';
import { W_MESSENGER, W_START_FAILED } from '../../src/transport/warnings.js';
import { env, events, tracker, useTrackerEnv } from './tracker-env.js';

const transport = vi.hoisted(() => ({ failures: 0 }));
vi.mock('../../src/transport/transport.js', async (original) => {
  const real = await original<typeof import('../../src/transport/transport.js')>();
  return {
    ...real,
    // the first `failures` transports throw half-way (as a page's broken built-in made them)
    createTransport: (o: Parameters<typeof real.createTransport>[0]) => {
      if (transport.failures > 0) {
        transport.failures--;
        o._storage._keys('cb:'); // it had begun to use storage
        throw new TypeError("Cannot read properties of undefined (reading 'catch')");
      }
      return real.createTransport(o);
    },
  };
});

useTrackerEnv();

/** The codes the debug log printed (debug on from the start). */
function printed() {
  const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
  return () => warn.mock.calls.map(([code]) => String(code).replace('[cartbeacon] ', ''));
}

describe('start-up', () => {
  it('falls back to a memory-only tracker that still sends when the stored one cannot be made', async () => {
    transport.failures = 1;
    const codes = printed();
    const t = tracker();
    t.debug(true);
    t.track('order', { orderId: '1', amount: 1, items: [] });
    t.track('view_product', { id: 'p1' });
    expect(await t.flush()).toBe(true);
    expect(events().map((e) => e.event)).toEqual(['order', 'view_product']);
    expect(codes()).toContain('W' + W_START_FAILED);
    // memory only: no record of events written
    await vi.runAllTimersAsync();
    expect(Object.keys(localStorage).filter((k) => k.startsWith('cb:v1:'))).toEqual([]);
  });

  it('keeps the ids of the cookies in the fallback, so the visitor stays the same', async () => {
    transport.failures = 1;
    document.cookie = `rpdid=11111111-1111-4111-8111-111111111111; path=/`;
    document.cookie = `rptkn=${env.key}; path=/`;
    const t = tracker();
    t.track('a');
    await t.flush();
    expect(events()[0]!.did).toBe('11111111-1111-4111-8111-111111111111');
    document.cookie = 'rpdid=; max-age=-1; path=/';
    document.cookie = 'rptkn=; max-age=-1; path=/';
  });

  it('starts and sends when the messenger script cannot be added (Trusted Types, a throwing DOM method)', async () => {
    const codes = printed();
    const append = vi.spyOn(Element.prototype, 'append').mockImplementation(() => {
      throw new TypeError("This document requires 'TrustedScriptURL' assignment.");
    });
    try {
      const t = tracker({ messenger: true, use: [messenger()] });
      t.debug(true);
      t.track('order', { orderId: '2', amount: 1, items: [] });
      expect(await t.flush()).toBe(true);
      expect(events().map((e) => e.event)).toEqual(['order']);
      expect(codes()).toContain('W' + W_MESSENGER);
    } finally {
      append.mockRestore();
    }
  });
});
