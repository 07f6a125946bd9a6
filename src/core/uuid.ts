// UUID v4 for eventId, did and sid. crypto.randomUUID needs a secure context (https), so plain-http
// shops get the getRandomValues version (Math.random only where there is no crypto at all).

const rnd = (): number => {
  const c = globalThis.crypto;
  return c && c.getRandomValues ? c.getRandomValues(new Uint8Array(1))[0]! : (Math.random() * 256) | 0;
};

export function uuid(): string {
  const c = globalThis.crypto;
  if (c && c.randomUUID) return c.randomUUID();
  return '10000000-1000-4000-8000-100000000000'.replace(/[018]/g, (ch) =>
    (+ch ^ (rnd() & (15 >> (+ch / 4)))).toString(16),
  );
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True for a UUID-shaped string (a caller-supplied eventId must look like one). */
export const isUuid = (value: unknown): value is string => typeof value === 'string' && UUID.test(value);
