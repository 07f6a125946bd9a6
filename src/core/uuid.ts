// UUID v4 for eventId, did and sid. crypto.randomUUID needs a secure context (https), so plain-http
// shops get the same from getRandomValues.

export const uuid = (): string => {
  const c = crypto;
  return c.randomUUID
    ? c.randomUUID()
    : '10000000-1000-4000-8000-100000000000'.replace(/[018]/g, (ch) =>
        (+ch ^ (c.getRandomValues(new Uint8Array(1))[0]! & (15 >> (+ch / 4)))).toString(16),
      );
};

const UUID = /^[\da-f]{8}(-[\da-f]{4}){3}-[\da-f]{12}$/i;

/** True for a UUID-shaped string (a caller-supplied eventId must look like one). */
export const isUuid = (value: unknown): value is string => typeof value == 'string' && UUID.test(value);
