// @vitest-environment node
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BROWSER_REQUEST_TIMEOUT_MS as REQUEST_TIMEOUT_MS } from '../../src/protocol/timeouts.js';
import { createNet } from '../../src/transport/send.js';

/** The shells as a page with these globals gets them when its transport starts. */
const net = () => createNet(globalThis as unknown as Window);
const post = (url: string, body: string) => net()._post(url, body);
const beacon = (url: string, body: string) => net()._beacon(url, body);
/** A navigator whose class's prototype has this sendBeacon (where the core takes it from). */
function stubBeacon(sendBeacon?: (url: string, body: string) => unknown) {
  class Navigator {}
  if (sendBeacon) Object.assign(Navigator.prototype, { sendBeacon });
  vi.stubGlobal('Navigator', Navigator);
  vi.stubGlobal('navigator', new Navigator());
}

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
    await expect(post(URL, '{"hs":"e30="}')).resolves.toEqual([429, '3']);
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
    await expect(post(URL, '{}')).resolves.toEqual([0]);
  });

  it('answers status 0 when fetch throws synchronously', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(() => {
        throw new TypeError('keepalive quota');
      }),
    );
    await expect(post(URL, '{}')).resolves.toEqual([0]);
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
    expect(answer).toEqual([0]);
  });
});

describe('beacon', () => {
  it('hands the body to sendBeacon as a string (a text/plain, preflight-free request)', () => {
    const sendBeacon = vi.fn(function (this: unknown) {
      return this === navigator; // called on navigator, as the browser requires
    });
    const fetchMock = vi.fn();
    stubBeacon(sendBeacon);
    vi.stubGlobal('fetch', fetchMock);
    expect(beacon(URL, '{"hs":"x"}')).toBe(true);
    expect(sendBeacon).toHaveBeenCalledWith(URL, '{"hs":"x"}');
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('falls back to fetch keepalive with text/plain when sendBeacon refuses or is missing', () => {
    for (const sendBeacon of [() => false, undefined]) {
      const fetchMock = vi.fn(async () => response(200));
      stubBeacon(sendBeacon);
      vi.stubGlobal('fetch', fetchMock);
      expect(beacon(URL, 'body')).toBe(true);
      expect(fetchMock).toHaveBeenCalledWith(URL, { method: 'POST', body: 'body', keepalive: true });
      // no Content-Type given: fetch sends a string body as text/plain, as sendBeacon does
      const [, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
      expect(new Request(URL, init).headers.get('Content-Type')).toBe('text/plain;charset=UTF-8');
    }
  });

  it('falls back to fetch keepalive when sendBeacon throws (a broken wrapper)', () => {
    const fetchMock = vi.fn(async () => response(200));
    stubBeacon(() => {
      throw new TypeError('Illegal invocation');
    });
    vi.stubGlobal('fetch', fetchMock);
    expect(beacon(URL, 'body')).toBe(true);
    expect(fetchMock).toHaveBeenCalledWith(URL, { method: 'POST', body: 'body', keepalive: true });
  });

  it("skips a wrapper the page put on navigator itself: the prototype's sendBeacon is used", () => {
    const real = vi.fn(() => true);
    stubBeacon(real);
    Object.assign(navigator, {
      sendBeacon: () => {
        throw new TypeError('Illegal invocation');
      },
    });
    vi.stubGlobal('fetch', vi.fn());
    expect(beacon(URL, 'body')).toBe(true);
    expect(real).toHaveBeenCalledWith(URL, 'body');
  });

  it('keeps the fetch and sendBeacon the transport started with, whatever the page does later', async () => {
    const sendBeacon = vi.fn(() => true);
    const fetchMock = vi.fn(async () => response(200));
    stubBeacon(sendBeacon);
    vi.stubGlobal('fetch', fetchMock);
    const shells = net();
    vi.stubGlobal('fetch', undefined);
    (Navigator.prototype as unknown as { sendBeacon: unknown }).sendBeacon = () => {
      throw new TypeError('broken later');
    };
    await expect(shells._post(URL, '{}')).resolves.toEqual([200, null]);
    expect(shells._beacon(URL, 'body')).toBe(true);
    expect(sendBeacon).toHaveBeenCalledTimes(1);
  });

  it('answers false when neither can take the body, and never throws', () => {
    stubBeacon(() => false);
    vi.stubGlobal('fetch', undefined);
    expect(beacon(URL, 'body')).toBe(false);
    stubBeacon(() => {
      throw new TypeError('too big');
    });
    expect(() => beacon(URL, 'body')).not.toThrow();
    stubBeacon();
    vi.stubGlobal('fetch', () => {
      throw new TypeError('keepalive quota');
    });
    expect(beacon(URL, 'body')).toBe(false);
  });
});
