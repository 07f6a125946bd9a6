// @vitest-environment node
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BROWSER_REQUEST_TIMEOUT_MS as REQUEST_TIMEOUT_MS } from '../../src/protocol/timeouts.js';
import { beacon, post } from '../../src/transport/send.js';

const URL = 'http://collector.test/v2/bt';
const response = (status: number, retryAfter: string | null = null) =>
  new Response('{}', { status, headers: retryAfter == null ? {} : { 'Retry-After': retryAfter } });

beforeEach(() => vi.useFakeTimers());
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('post', () => {
  it('POSTs the body as JSON with keepalive and answers the status and Retry-After', async () => {
    const fetchMock = vi.fn(async () => response(429, '3'));
    vi.stubGlobal('fetch', fetchMock);
    await expect(post(URL, '{"hs":"e30="}')).resolves.toEqual({ status: 429, retryAfter: '3' });
    const [url, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe(URL);
    expect(init).toMatchObject({
      method: 'POST',
      body: '{"hs":"e30="}',
      keepalive: true,
      headers: { 'Content-Type': 'application/json' },
    });
  });

  it('answers status 0 for a network error', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => Promise.reject(new TypeError('Failed to fetch'))),
    );
    await expect(post(URL, '{}')).resolves.toEqual({ status: 0, retryAfter: null });
  });

  it('answers status 0 when fetch throws synchronously', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(() => {
        throw new TypeError('keepalive quota');
      }),
    );
    await expect(post(URL, '{}')).resolves.toEqual({ status: 0, retryAfter: null });
  });

  it(`aborts a request unanswered after ${REQUEST_TIMEOUT_MS / 1000} s and answers status 0`, async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(
        (_: string, init: RequestInit) =>
          new Promise((_, reject) => init.signal!.addEventListener('abort', () => reject(new Error('aborted')))),
      ),
    );
    let answer: unknown;
    post(URL, '{}').then((a) => (answer = a));
    await vi.advanceTimersByTimeAsync(REQUEST_TIMEOUT_MS - 1);
    expect(answer).toBeUndefined();
    await vi.advanceTimersByTimeAsync(1);
    expect(answer).toEqual({ status: 0, retryAfter: null });
  });
});

describe('beacon', () => {
  it('hands the body to sendBeacon as a string (a text/plain, preflight-free request)', () => {
    const sendBeacon = vi.fn(() => true);
    const fetchMock = vi.fn();
    vi.stubGlobal('navigator', { sendBeacon });
    vi.stubGlobal('fetch', fetchMock);
    expect(beacon(URL, '{"hs":"x"}')).toBe(true);
    expect(sendBeacon).toHaveBeenCalledWith(URL, '{"hs":"x"}');
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('falls back to fetch keepalive with text/plain when sendBeacon refuses or is missing', () => {
    for (const nav of [{ sendBeacon: () => false }, {}]) {
      const fetchMock = vi.fn(async () => response(200));
      vi.stubGlobal('navigator', nav);
      vi.stubGlobal('fetch', fetchMock);
      expect(beacon(URL, 'body')).toBe(true);
      expect(fetchMock).toHaveBeenCalledWith(URL, { method: 'POST', body: 'body', keepalive: true });
      // no Content-Type given: fetch sends a string body as text/plain, as sendBeacon does
      const [, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
      expect(new Request(URL, init).headers.get('Content-Type')).toBe('text/plain;charset=UTF-8');
    }
  });

  it('answers false when neither can take the body, and never throws', () => {
    vi.stubGlobal('navigator', { sendBeacon: () => false });
    vi.stubGlobal('fetch', undefined);
    expect(beacon(URL, 'body')).toBe(false);
    vi.stubGlobal('navigator', {
      sendBeacon: () => {
        throw new TypeError('too big');
      },
    });
    expect(() => beacon(URL, 'body')).not.toThrow();
    vi.stubGlobal('navigator', {});
    vi.stubGlobal('fetch', () => {
      throw new TypeError('keepalive quota');
    });
    expect(beacon(URL, 'body')).toBe(false);
  });
});
