// Identity tokens (DESIGN.md "Identity token"): AES-256-CBC `iv_hex:ciphertext_hex`, compatible with
// Richpanel's documented Node code, plus an opt-in hardened mode with `iat`, `exp` and an inner HMAC `sig`.
import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { TokenError } from './errors.js';
import { assertNotBrowser } from './guard.js';
import { MAX_USER_DATA_BYTES, cleanUserData, dropPrototypeKeys, isPlainObject, isValidId } from './user-data.js';

/** AES block and CBC IV size in bytes. */
const BLOCK_BYTES = 16;
/** Room for the hardened claims `,"iat":…,"exp":…,"sig":"<64 hex>"` (about 100 bytes) on top of the data. */
const HARDENED_CLAIMS_BYTES = 128;
/** Largest token we try to decrypt: anything longer cannot come from encryptUserData, so it is refused unread. */
const MAX_TOKEN_CHARS = 2 * BLOCK_BYTES + 1 + 2 * (MAX_USER_DATA_BYTES + HARDENED_CLAIMS_BYTES + BLOCK_BYTES);
/** Servers' clocks disagree by seconds; a minute of slack keeps fresh tokens valid without extending them much. */
const CLOCK_SKEW_SECONDS = 60;
/** Domain separation: the signing key is derived from the secret for this one purpose only. */
const SIG_KEY_LABEL = 'cartbeacon-token-sig-v1';
/** The only message verifyUserToken ever throws for a bad token, so failures cannot be told apart. */
const INVALID_TOKEN = 'invalid identity token';

const TOKEN_SHAPE = /^[0-9a-f]{32}:(?:[0-9a-f]{32})+$/i;
const SIG_SHAPE = /^[0-9a-f]{64}$/;
const RESERVED_CLAIMS = ['iat', 'exp', 'sig'] as const;

/** Options of `encryptUserData()`. */
export interface EncryptOptions {
  /** Hardened mode: the token expires after this many seconds and carries `iat`, `exp` and `sig`. */
  ttlSeconds?: number;
}

/** Options of `verifyUserToken()`. */
export interface VerifyOptions {
  /**
   * Accept unsigned (compatible) tokens, which carry no `sig`. Default `false`: they are refused,
   * because anyone who holds one token can forge another id in it (IV bit flips, CBC block splicing
   * of a hardened token; see docs/security.md). Set it only while your backend still makes
   * compatible tokens. A `sig`, when present, is always checked.
   */
  allowUnsigned?: boolean;
  /**
   * Refuse unsigned tokens.
   * @deprecated Unsigned tokens are refused by default now; `requireSignature: true` still refuses
   * them, even together with `allowUnsigned`.
   */
  requireSignature?: boolean;
  /** Refuse tokens issued (`iat`) longer ago than this, and tokens without `iat`. */
  maxAgeSeconds?: number;
  /** The current time in epoch milliseconds (for tests). Default `Date.now()`. */
  now?: number;
}

function requireSecret(secret: unknown): asserts secret is string {
  if (typeof secret !== 'string' || secret === '') {
    throw new TokenError('the API secret is empty: pass it from RICHPANEL_API_SECRET or your secret store');
  }
}

/** Key = ASCII bytes of the first 32 characters of lower-case hex sha256(secret), per the documented Node code. */
function encryptionKey(secret: string): Buffer {
  return derived(secret).enc;
}

/** The last secret's derived keys: a backend signs with one secret, so hashing it per token is waste. */
let memo: { secret: string; enc: Buffer; sig: Buffer } | undefined;
function derived(secret: string): { enc: Buffer; sig: Buffer } {
  if (memo?.secret !== secret) {
    memo = {
      secret,
      enc: Buffer.from(createHash('sha256').update(secret, 'utf8').digest('hex').slice(0, 32), 'ascii'),
      sig: createHmac('sha256', secret).update(SIG_KEY_LABEL).digest(),
    };
  }
  return memo;
}

/** JSON with object keys sorted at every depth: the bytes the `sig` claim covers. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    const keys = Object.keys(obj)
      .filter((k) => obj[k] !== undefined)
      .sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

function claimsSignature(claims: Record<string, unknown>, secret: string): string {
  const { sig: _omit, ...signed } = claims;
  return createHmac('sha256', derived(secret).sig).update(canonicalJson(signed), 'utf8').digest('hex');
}

function validTtl(ttl: unknown): number {
  if (typeof ttl !== 'number' || !Number.isSafeInteger(ttl) || ttl <= 0) {
    throw new TokenError('ttlSeconds must be a positive whole number of seconds, for example 3600');
  }
  return ttl;
}

/**
 * Encryption with a chosen IV and clock. Test-only path (known-answer vectors); not exported by
 * `cartbeacon/server`. Production code calls encryptUserData, which always uses a random IV.
 * @internal
 */
export function encryptWithIv(
  data: unknown,
  secret: string,
  iv: Buffer,
  options: EncryptOptions = {},
  nowMs = Date.now(),
): string {
  assertNotBrowser();
  requireSecret(secret);
  if (iv.length !== BLOCK_BYTES) throw new TokenError('the IV must be 16 bytes');
  const { json: dataJson, value } = cleanUserData(data);
  let json = dataJson;
  if (options.ttlSeconds !== undefined) {
    const ttl = validTtl(options.ttlSeconds);
    const taken = RESERVED_CLAIMS.filter((claim) => claim in value);
    if (taken.length > 0) {
      throw new TokenError(
        `identity data uses the reserved claim(s) ${taken.join(', ')}: rename them, hardened mode sets these itself`,
      );
    }
    const iat = Math.floor(nowMs / 1000);
    const claims: Record<string, unknown> = { ...value, iat, exp: iat + ttl };
    json = JSON.stringify({ ...claims, sig: claimsSignature(claims, secret) });
  } else if ('sig' in value) {
    throw new TokenError('identity data uses the reserved claim "sig": rename it (verifyUserToken would check it)');
  }
  const cipher = createCipheriv('aes-256-cbc', encryptionKey(secret), iv);
  const ciphertext = Buffer.concat([cipher.update(json, 'utf8'), cipher.final()]);
  return `${iv.toString('hex')}:${ciphertext.toString('hex')}`;
}

/**
 * Makes an identity token for a logged-in user: put it in `window.richpanelSettings` on the page.
 * Compatible tokens (the default) can be decrypted by any Richpanel-compatible collector but have no
 * integrity (so {@link verifyUserToken} refuses them unless `allowUnsigned`); `{ ttlSeconds }` adds `iat`,
 * `exp` and an HMAC `sig` claim that {@link verifyUserToken} checks.
 * @param data a plain object with `id` (non-empty string or safe integer); at most 8 KB of JSON.
 * @param secret your API secret (never shipped to a browser).
 * @throws TokenError when the data, the secret or the options are not valid.
 */
export function encryptUserData(data: Record<string, unknown>, secret: string, options?: EncryptOptions): string {
  return encryptWithIv(data, secret, randomBytes(BLOCK_BYTES), options);
}

/** Decrypts and parses; throws a bare Error on any failure (callers decide how much to say). */
function openToken(token: unknown, secret: string): Record<string, unknown> {
  if (typeof token !== 'string' || token.length > MAX_TOKEN_CHARS || !TOKEN_SHAPE.test(token)) {
    throw new Error('shape');
  }
  const iv = Buffer.from(token.slice(0, 32), 'hex');
  const decipher = createDecipheriv('aes-256-cbc', encryptionKey(secret), iv);
  const text = Buffer.concat([decipher.update(Buffer.from(token.slice(33), 'hex')), decipher.final()]).toString('utf8');
  const value: unknown = JSON.parse(text, dropPrototypeKeys);
  if (!isPlainObject(value) || !isValidId(value.id)) throw new Error('content');
  return value;
}

/**
 * Decrypts a compatible or hardened token and returns its JSON object as stored (no `sig`/`exp`
 * checks: use {@link verifyUserToken} to trust a token that came from a browser).
 * @throws TokenError when the token is malformed or cannot be decrypted with this secret.
 */
export function decryptUserData(token: string, secret: string): Record<string, unknown> {
  assertNotBrowser();
  requireSecret(secret);
  if (typeof token === 'string' && token.length > MAX_TOKEN_CHARS) {
    throw new TokenError(
      `identity token is longer than any token encryptUserData makes (${MAX_TOKEN_CHARS} characters)`,
    );
  }
  if (typeof token !== 'string' || !TOKEN_SHAPE.test(token)) {
    throw new TokenError('identity token must look like "<32 hex IV>:<hex ciphertext, a multiple of 32 digits>"');
  }
  try {
    return openToken(token, secret);
  } catch {
    throw new TokenError(
      'identity token could not be decrypted: wrong API secret, or the token was altered or truncated',
    );
  }
}

function checkClaims(claims: Record<string, unknown>, secret: string, options: VerifyOptions): boolean {
  const now = (options.now ?? Date.now()) / 1000;
  const { sig, iat, exp } = claims;
  if (sig === undefined) {
    if (options.requireSignature || !options.allowUnsigned) return false;
  } else {
    if (typeof sig !== 'string' || !SIG_SHAPE.test(sig) || typeof iat !== 'number' || typeof exp !== 'number')
      return false;
    const expected = Buffer.from(claimsSignature(claims, secret), 'hex');
    if (!timingSafeEqual(expected, Buffer.from(sig, 'hex'))) return false;
  }
  if (iat !== undefined && (typeof iat !== 'number' || iat > now + CLOCK_SKEW_SECONDS)) return false;
  if (exp !== undefined && (typeof exp !== 'number' || now > exp + CLOCK_SKEW_SECONDS)) return false;
  if (options.maxAgeSeconds !== undefined) {
    if (typeof iat !== 'number' || now - iat > options.maxAgeSeconds + CLOCK_SKEW_SECONDS) return false;
  }
  return true;
}

/**
 * Checks a token that came from outside (a page, a request) and returns its claims without `sig`.
 * Only hardened tokens (made with `ttlSeconds`) pass unless `{ allowUnsigned: true }`: an unsigned
 * token can be forged. Shape and size are checked before decrypting; `sig` is compared in constant
 * time; `exp`, `iat` and `maxAgeSeconds` allow 60 s of clock skew. Every bad token gets the same
 * `TokenError('invalid identity token')`, so responses cannot serve as a padding oracle.
 * @throws TokenError for every bad token (one message), or naming the problem for a bad secret/option.
 */
export function verifyUserToken(token: string, secret: string, options: VerifyOptions = {}): Record<string, unknown> {
  assertNotBrowser();
  requireSecret(secret);
  const { maxAgeSeconds, now } = options;
  if (maxAgeSeconds !== undefined && !(typeof maxAgeSeconds === 'number' && maxAgeSeconds >= 0)) {
    throw new TokenError('maxAgeSeconds must be a number of seconds, 0 or more');
  }
  if (now !== undefined && !Number.isFinite(now)) throw new TokenError('now must be epoch milliseconds');
  let claims: Record<string, unknown>;
  try {
    claims = openToken(token, secret);
  } catch {
    throw new TokenError(INVALID_TOKEN);
  }
  if (!checkClaims(claims, secret, options)) throw new TokenError(INVALID_TOKEN);
  const { sig: _sig, ...rest } = claims;
  return rest;
}
