// Ingest bodies -> decoded payloads (pure). `/v2/bt` carries `{"hs": b64}` (plus `s` when signed),
// `/v2/t` and `/v3/t` carry one event as `{"h": b64}`. The content type is not trusted: fetch sends
// application/json, sendBeacon text/plain, and both hold the same JSON text.
import { createHash, timingSafeEqual } from 'node:crypto';
import { decodeHs } from '../protocol/encode.js';
import { nestsDeeperThan } from './depth.js';
import { IngestError } from './errors.js';
import { MAX_JSON_DEPTH } from './limits.js';
import type { Transport } from './types.js';

export interface DecodedBody {
  transport: Transport;
  /** The JSON inside the base64. */
  payload: Record<string, unknown>;
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

/** Constant-time check of a server-batch signature: sha256hex(hs + secret) (DESIGN.md). */
function verifyHsSignature(hs: string, signature: unknown, secret: string): boolean {
  if (typeof signature !== 'string') return false;
  const expected = Buffer.from(
    createHash('sha256')
      .update(hs + secret, 'utf8')
      .digest('hex'),
    'utf8',
  );
  const given = Buffer.from(signature.toLowerCase(), 'utf8');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** Decodes a `/v2/bt` body; checks `s` with the secret first when the batch is signed. */
export function decodeBatchBody(text: string, contentType: string, secret: string | undefined): DecodedBody {
  const body = parseJsonObject(text);
  const hs = body.hs;
  if (typeof hs !== 'string') throw new IngestError(400, 'body has no "hs" string: send {"hs": "<base64>"}');
  const signed = 's' in body || 'event_type' in body;
  if (signed) {
    if (!secret) {
      throw new IngestError(
        401,
        'signed batch, but the collector has no API secret to check "s" (set RICHPANEL_API_SECRET)',
      );
    }
    if (!verifyHsSignature(hs, body.s, secret)) {
      throw new IngestError(
        401,
        '"s" does not match: it must be sha256hex(hs + API secret) with the collector\'s secret',
      );
    }
  }
  const transport: Transport = signed ? 'signed' : /^text\/plain\b/i.test(contentType) ? 'text' : 'json';
  return { transport, payload: decodeBase64Json('hs', hs) };
}

/** Decodes a single-event `/v2/t` or `/v3/t` body. */
export function decodeSingleBody(text: string): DecodedBody {
  const body = parseJsonObject(text);
  const h = body.h;
  if (typeof h !== 'string') throw new IngestError(400, 'body has no "h" string: send {"h": "<base64>"}');
  return { transport: 'single', payload: decodeBase64Json('h', h) };
}
