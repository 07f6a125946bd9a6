// Shared set-up for the tracker tests (happy-dom): fake timers from T0, a fetch that answers
// `env.status`, a fresh API key per test, and the decoded batches this test's tracker posted.
import { afterEach, beforeEach, vi } from 'vitest';
import { createTracker } from '../../src/core/tracker.js';
import { decodeBody } from '../transport/helpers.js';

export const T0 = Date.UTC(2026, 0, 15, 10, 0, 0);
export const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

// The core takes sendBeacon from Navigator.prototype when a tracker's transport starts, and the
// trackers of earlier tests still listen for pagehide: happy-dom's own sendBeacon would really send
// (to collector.test). Every tracker of these tests gets this one, which takes the body and sends nothing.
Object.defineProperty(Object.getPrototypeOf(navigator), 'sendBeacon', {
  value: () => true,
  configurable: true,
  writable: true,
});

let keySeq = 0;
export const env = { key: '', status: 200, fetchMock: vi.fn() };

export function useTrackerEnv(): void {
  beforeEach(() => {
    vi.useFakeTimers({ now: T0 });
    localStorage.clear();
    delete (window as { richpanelSettings?: unknown }).richpanelSettings;
    env.status = 200;
    env.key = 'key-' + ++keySeq;
    env.fetchMock = vi.fn(
      async () => new Response(env.status === 200 ? '{"status":"ok"}' : '{"error":"down"}', { status: env.status }),
    );
    vi.stubGlobal('fetch', env.fetchMock);
  });
  afterEach(() => {
    vi.clearAllTimers();
    vi.useRealTimers();
    vi.unstubAllGlobals();
    vi.restoreAllMocks();
  });
}

/** The batches this test's tracker posted, decoded. */
export const batches = () =>
  env.fetchMock.mock.calls
    .map(([, init]) => decodeBody((init as RequestInit).body as string))
    .filter((b) => b.appClientId === env.key);
export const events = () => batches().flatMap((b) => b.events);

export const tracker = (extra: Record<string, unknown> = {}) =>
  createTracker({ apiKey: env.key, host: 'http://collector.test/', ...extra });
