// Ingest bodies -> decoded payloads (pure). `/v2/bt` carries `{"hs": b64}` (plus `s` when signed),
// `/v2/t` and `/v3/t` carry one event as `{"h": b64}`. The content type is not trusted: fetch sends
// application/json, sendBeacon text/plain, and both hold the same JSON text.
import { createHash, timingSafeEqual } from 'node:crypto';
import { decodeHs } from '../protocol/encode.js';
import { nestsDeeperThan } from './depth.js';
import { IngestError } from './errors.js';
import { MAX_JSON_DEPTH } from './limits.js';
import type { SignatureScheme, Transport } from './types.js';

export interface DecodedBody {
  transport: Transport;
  /** The JSON inside the base64. */
  payload: Record<string, unknown>;
  /** How `s` signed the body, when it did. */
  signature?: SignatureScheme;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function parseJsonObject(text: string): Record<string, unknown> {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new IngestError(400, 'body is not JSON: send {"hs": "<base64>"}');
  }
  if (!isRecord(body)) throw new IngestError(400, 'body must be a JSON object: send {"hs": "<base64>"}');
  return body;
}

function decodeBase64Json(field: string, value: string): Record<string, unknown> {
  let payload: unknown;
  try {
    payload = decodeHs(value, (b64) => Buffer.from(b64, 'base64').toString('utf8'));
  } catch (error) {
    const why = error instanceof Error ? error.message : 'cannot be decoded';
    throw new IngestError(400, `${why.replace(/^hs\b/, field)} (expected standard base64 of UTF-8 JSON)`);
  }
  if (!isRecord(payload)) throw new IngestError(400, `${field} must decode to a JSON object`);
  if (nestsDeeperThan(payload))
    throw new IngestError(
      400,
      `${field} nests more than ${MAX_JSON_DEPTH} levels of objects and arrays: the collector refuses deeper payloads, which it could not store or list`,
    );
  return payload;
}

/** Hex digest lengths of the two schemes server plugins use. */
const SCHEME_BY_LENGTH: Record<number, SignatureScheme> = { 32: 'md5', 64: 'sha256' };

/**
 * Which scheme signed `text` (the `hs` or `h` string): WooCommerce sends `md5hex(text + secret)`,
 * Magento and cartbeacon's `sendEvents` `sha256hex(text + secret)`. Constant-time; undefined when
 * `s` matches neither.
 */
export function signatureScheme(text: string, signature: unknown, secret: string): SignatureScheme | undefined {
  if (typeof signature !== 'string') return undefined;
  const scheme = SCHEME_BY_LENGTH[signature.length];
  if (!scheme) return undefined;
  const expected = Buffer.from(
    createHash(scheme)
      .update(text + secret, 'utf8')
      .digest('hex'),
    'utf8',
  );
  const given = Buffer.from(signature.toLowerCase(), 'utf8');
  return given.length === expected.length && timingSafeEqual(given, expected) ? scheme : undefined;
}

/** Checks `s` with the secret; 401 naming both schemes when it matches neither. */
function verifiedScheme(
  field: 'hs' | 'h',
  text: string,
  body: Record<string, unknown>,
  secret: string | undefined,
): SignatureScheme {
  if (!secret) {
    throw new IngestError(
      401,
      'signed body, but the collector has no API secret to check "s" (set RICHPANEL_API_SECRET)',
    );
  }
  const scheme = signatureScheme(text, body.s, secret);
  if (!scheme) {
    throw new IngestError(
      401,
      `"s" does not match: it must be md5hex(${field} + API secret) (WooCommerce) or sha256hex(${field} + API secret) (Magento, cartbeacon) with the collector's secret`,
    );
  }
  return scheme;
}

/** Decodes a `/v2/bt` body; checks `s` with the secret first when the batch is signed. */
export function decodeBatchBody(text: string, contentType: string, secret: string | undefined): DecodedBody {
  const body = parseJsonObject(text);
  const hs = body.hs;
  if (typeof hs !== 'string') throw new IngestError(400, 'body has no "hs" string: send {"hs": "<base64>"}');
  const signed = 's' in body || 'event_type' in body;
  if (signed)
    return {
      transport: 'signed',
      signature: verifiedScheme('hs', hs, body, secret),
      payload: decodeBase64Json('hs', hs),
    };
  const transport: Transport = /^text\/plain\b/i.test(contentType) ? 'text' : 'json';
  return { transport, payload: decodeBase64Json('hs', hs) };
}

/** Decodes a single-event `/v2/t` or `/v3/t` body: `{"h"}` from a browser, `{"s", "h"}` signed by a server plugin. */
export function decodeSingleBody(text: string, secret: string | undefined): DecodedBody {
  const body = parseJsonObject(text);
  const h = body.h;
  if (typeof h !== 'string') throw new IngestError(400, 'body has no "h" string: send {"h": "<base64>"}');
  if ('s' in body)
    return {
      transport: 'signed-single',
      signature: verifiedScheme('h', h, body, secret),
      payload: decodeBase64Json('h', h),
    };
  return { transport: 'single', payload: decodeBase64Json('h', h) };
}
