// Shared by the browser SDK unit tests: wire decoding, fake events and fake storages.
import { Buffer } from 'node:buffer';
import type { Storage } from '../../src/transport/storage.js';
import type { Ev } from '../../src/transport/types.js';

/** The batch inside a `{"hs": base64}` request body. */
export function decodeBody(body: string): { events: Ev[]; [key: string]: unknown } {
  const { hs } = JSON.parse(body) as { hs: string };
  return JSON.parse(Buffer.from(hs, 'base64').toString('utf8'));
}

/** The eventIds (or names) of the events a body carries, in order. */
export const namesIn = (body: string): string[] => decodeBody(body).events.map((e) => String(e.event));

let seq = 0;
/** A wire-shaped event; `pad` adds that many characters of payload. */
export function fakeEvent(name = 'e' + ++seq, pad = 0): Ev {
  return {
    event: name,
    properties: pad ? { pad: 'x'.repeat(pad) } : {},
    userProperties: {},
    time: { sentAt: 1764000000000, originalTimestamp: 1764000000000 },
    eventId: `00000000-0000-4000-8000-${String(++seq).padStart(12, '0')}`,
    appClientId: 'KEY',
  };
}

/** An in-memory Storage (the SDK's interface), optionally failing writes. */
export function memStorage(
  init: Record<string, string> = {},
  failWrites = false,
): Storage & { data: Record<string, string> } {
  const data: Record<string, string> = { ...init };
  return {
    data,
    _get: (k) => (k in data ? data[k]! : null),
    _json: (k) => {
      try {
        return JSON.parse(data[k]!);
      } catch {
        return null;
      }
    },
    _set: (k, v) => {
      if (failWrites) return false;
      data[k] = v;
      return true;
    },
    _del: (k) => {
      delete data[k];
    },
    _keys: (p) => Object.keys(data).filter((k) => k.startsWith(p)),
  };
}
