import { createDecipheriv, createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { TOKEN_VECTORS } from '../fixtures/load.js';
import { TokenError } from '../../src/server/errors.js';
import { decryptUserData, encryptUserData, encryptWithIv, verifyUserToken } from '../../src/server/tokens.js';
import { alignedHardenedToken, spliceToken } from './splice.js';

const vectors = TOKEN_VECTORS;
const SECRET = 'test-secret-0001';
const _HOUR_MS = 3_600_000;

/** The documented legacy Node decryptor, written out independently of our code. */
function legacyDecrypt(token: string, secret: string): unknown {
  const [ivHex, ctHex] = token.split(':') as [string, string];
  const key = Buffer.from(createHash('sha256').update(secret).digest('hex').slice(0, 32));
  const d = createDecipheriv('aes-256-cbc', key, Buffer.from(ivHex, 'hex'));
  return JSON.parse(d.update(ctHex, 'hex', 'utf8') + d.final('utf8'));
}

function flipHexBit(token: string, index: number): string {
  const digit = parseInt(token[index]!, 16) ^ 1;
  return token.slice(0, index) + digit.toString(16) + token.slice(index + 1);
}

function verifyError(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describe('identity token vectors', () => {
  it.each(vectors.map((v) => [v.name, v] as const))('reproduces the "%s" vector byte for byte', (_name, v) => {
    expect(encryptWithIv(v.data, v.secret, Buffer.from(v.iv_hex, 'hex'))).toBe(v.token);
    expect(decryptUserData(v.token, v.secret)).toEqual(v.data);
    expect(verifyUserToken(v.token, v.secret, { allowUnsigned: true })).toEqual(v.data);
  });
});

describe('encryptUserData', () => {
  it('round-trips through decryptUserData with a fresh random IV each time', () => {
    const data = { id: 42, email: 'a@example.com', tags: ['x', { y: 1 }] };
    const a = encryptUserData(data, SECRET);
    const b = encryptUserData(data, SECRET);
    expect(a).not.toBe(b);
    expect(a).toMatch(/^[0-9a-f]{32}:(?:[0-9a-f]{32})+$/);
    expect(decryptUserData(a, SECRET)).toEqual(data);
    expect(legacyDecrypt(b, SECRET)).toEqual(data);
  });

  it.each([
    ['an array', [{ id: '1' }], /plain object/],
    ['null', null, /plain object/],
    [
      'a class instance',
      new (class User {
        id = '1';
      })(),
      /plain object/,
    ],
    ['no id', { email: 'a@example.com' }, /needs an "id"/],
    ['an empty id', { id: ' ' }, /needs an "id"/],
    ['a fractional id', { id: 1.5 }, /needs an "id"/],
    ['an unsafe integer id', { id: 2 ** 60 }, /needs an "id"/],
    ['a BigInt', { id: '1', n: BigInt(1) }, /not JSON-serializable/],
    ['more than 8 KB of JSON', { id: '1', blob: 'x'.repeat(8200) }, /over the 8192-byte limit/],
  ])('refuses %s with a TokenError that says what to do', (_what, data, message) => {
    const error = verifyError(() => encryptUserData(data as Record<string, unknown>, SECRET));
    expect(error).toBeInstanceOf(TokenError);
    expect((error as Error).message).toMatch(message);
  });

  it('refuses an empty secret without echoing the data', () => {
    const error = verifyError(() => encryptUserData({ id: 'private-42' }, ''));
    expect(error).toBeInstanceOf(TokenError);
    expect((error as Error).message).toMatch(/secret is empty/);
    expect((error as Error).message).not.toContain('private-42');
  });

  it('never puts the secret or the plaintext in an error message', () => {
    const secret = 'super-secret-value';
    const messages = [
      verifyError(() => encryptUserData({ id: 'hidden-user', blob: 'hidden'.repeat(2000) }, secret)),
      verifyError(() => encryptUserData({ email: 'hidden@example.com' }, secret)),
      verifyError(() => decryptUserData(encryptUserData({ id: 'hidden-user' }, secret), 'other')),
    ].map((e) => (e as Error).message);
    for (const m of messages) {
      expect(m).not.toMatch(/super-secret|hidden/);
    }
  });

  it('explains a malformed or oversized token in decryptUserData', () => {
    expect(() => decryptUserData('abc:def', SECRET)).toThrow(/must look like "<32 hex IV>:/);
    expect(() => decryptUserData(`${'0'.repeat(32)}:${'0'.repeat(20_000)}`, SECRET)).toThrow(/longer than any token/);
    expect(() => decryptUserData(encryptUserData({ id: '1' }, 'other'), SECRET)).toThrow(
      /wrong API secret, or the token was altered/,
    );
  });

  it('drops __proto__, constructor and prototype keys at every depth', () => {
    const data = JSON.parse(
      '{"id":"1","__proto__":{"admin":true},"nested":{"constructor":{"x":1},"prototype":2,"ok":3}}',
    ) as Record<string, unknown>;
    const out = decryptUserData(encryptUserData(data, SECRET), SECRET);
    expect(out).toEqual({ id: '1', nested: { ok: 3 } });
    expect(Object.hasOwn(out, '__proto__')).toBe(false);
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
  });
});

describe('CBC block splicing of a hardened token', () => {
  const now = Date.UTC(2026, 0, 1);

  it('turns a real hardened token into {"id":12345,"":"<sig hex>"}, which verifyUserToken refuses by default', () => {
    const { token, plaintext } = alignedHardenedToken(SECRET, now);
    const sig = (legacyDecrypt(token, SECRET) as { sig: string }).sig;
    const forged = spliceToken(token, plaintext);
    // The forgery is real: the token decrypts to valid JSON with the id the attacker chose and no sig.
    expect(decryptUserData(forged, SECRET)).toEqual({ id: 12345, '': sig });
    expect(() => verifyUserToken(forged, SECRET, { now })).toThrow(new TokenError('invalid identity token'));
    // Only an explicit opt-in to unsigned tokens accepts it, which is why it is not the default.
    expect(verifyUserToken(forged, SECRET, { now, allowUnsigned: true })).toMatchObject({ id: 12345 });
  });
});

describe('hardened tokens', () => {
  const now = Date.UTC(2026, 0, 1);
  const hardened = (ttl = 3600) =>
    encryptWithIv({ id: '42', email: 'a@example.com' }, SECRET, Buffer.alloc(16, 7), { ttlSeconds: ttl }, now);

  it('adds iat, exp and sig that a legacy decryptor still reads', () => {
    const claims = legacyDecrypt(hardened(), SECRET) as Record<string, unknown>;
    expect(claims).toMatchObject({ id: '42', email: 'a@example.com', iat: now / 1000, exp: now / 1000 + 3600 });
    expect(claims.sig).toMatch(/^[0-9a-f]{64}$/);
  });

  it('verifies and returns the claims without sig', () => {
    expect(verifyUserToken(hardened(), SECRET, { now, requireSignature: true })).toEqual({
      id: '42',
      email: 'a@example.com',
      iat: now / 1000,
      exp: now / 1000 + 3600,
    });
  });

  it('rejects a token with one IV bit flipped', () => {
    const token = hardened();
    // The first plaintext block is `{"id":"42","emai`: flipping a bit of IV byte 7 turns "42" into "52",
    // which decrypts and parses fine — only the sig catches it.
    const forged = flipHexBit(token, 15);
    expect(decryptUserData(forged, SECRET).id).toBe('52');
    expect(() => verifyUserToken(forged, SECRET, { now })).toThrow(new TokenError('invalid identity token'));
  });

  it('rejects an expired token, allowing one minute of clock skew', () => {
    const token = hardened(60);
    expect(() => verifyUserToken(token, SECRET, { now: now + 119_000 })).not.toThrow();
    expect(() => verifyUserToken(token, SECRET, { now: now + 121_000 })).toThrow('invalid identity token');
  });

  it('rejects a token issued in the future or older than maxAgeSeconds', () => {
    expect(() => verifyUserToken(hardened(), SECRET, { now: now - 2 * 60_000 })).toThrow('invalid identity token');
    expect(() => verifyUserToken(hardened(), SECRET, { now: now + 30 * 60_000, maxAgeSeconds: 600 })).toThrow(
      'invalid identity token',
    );
    expect(() => verifyUserToken(hardened(), SECRET, { now: now + 5 * 60_000, maxAgeSeconds: 600 })).not.toThrow();
  });

  it('refuses unsigned (compatible) tokens unless allowUnsigned is set', () => {
    const compatible = encryptUserData({ id: '42' }, SECRET);
    expect(() => verifyUserToken(compatible, SECRET)).toThrow(new TokenError('invalid identity token'));
    expect(verifyUserToken(compatible, SECRET, { allowUnsigned: true })).toEqual({ id: '42' });
    expect(() => verifyUserToken(compatible, SECRET, { allowUnsigned: true, requireSignature: true })).toThrow(
      'invalid identity token',
    );
  });

  it.each(vectors.map((v) => [v.name, v] as const))('refuses the unsigned "%s" vector by default', (_name, v) => {
    expect(() => verifyUserToken(v.token, v.secret)).toThrow(new TokenError('invalid identity token'));
  });

  it('refuses data that already uses a reserved claim', () => {
    expect(() => encryptUserData({ id: '1', exp: 5 }, SECRET, { ttlSeconds: 60 })).toThrow(/reserved claim/);
    expect(() => encryptUserData({ id: '1', sig: 'x' }, SECRET)).toThrow(/reserved claim/);
    expect(() => encryptUserData({ id: '1' }, SECRET, { ttlSeconds: 0 })).toThrow(/ttlSeconds/);
  });

  it('gives every kind of bad token the same error', () => {
    const good = hardened();
    const [ivHex, ctHex] = good.split(':') as [string, string];
    const wrongKey = encryptWithIv({ id: '42' }, 'another-secret', Buffer.alloc(16, 7));
    // `{"id":"1"}` with IV byte 2 flipped decrypts to `{"hd":"1"}`: valid padding and JSON, but no id.
    const noId = flipHexBit(encryptWithIv({ id: '1' }, SECRET, Buffer.alloc(16)), 5);
    expect(() => decryptUserData(noId, SECRET)).toThrow(TokenError);
    const bad: unknown[] = [
      '',
      'nope',
      `${ivHex}`,
      `${ivHex}:`,
      `${ivHex.slice(2)}:${ctHex}`,
      `${ivHex}:${ctHex.slice(2)}`,
      `${ivHex}:${ctHex.slice(0, -32)}`,
      `${ivHex}:${ctHex}${'0'.repeat(32)}`,
      `${'g'.repeat(32)}:${ctHex}`,
      `${ivHex}:${'a'.repeat(40_000)}`,
      flipHexBit(good, 15),
      flipHexBit(good, 40),
      flipHexBit(good, good.length - 1),
      wrongKey,
      noId,
      42,
      null,
    ];
    const errors = bad.map((token) => verifyError(() => verifyUserToken(token as string, SECRET, { now })));
    for (const error of errors) {
      expect(error).toBeInstanceOf(TokenError);
      expect((error as Error).message).toBe('invalid identity token');
    }
  });
});
