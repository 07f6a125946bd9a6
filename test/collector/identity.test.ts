// Identity: richpanelSettings tokens verified with the secret; a bad token never rejects the batch.
import { describe, expect, it, vi } from 'vitest';
import { encryptUserData } from '../../src/server/tokens.js';
import { BAD_TOKEN_WARNING, NO_SECRET_WARNING, UNSIGNED_TOKEN_WARNING } from '../../src/collector/identity.js';
import { alignedHardenedToken, spliceToken } from '../server/splice.js';
import { SECRET, batchBody, post, start, wireEvent } from './helpers.js';

const user = { id: '42', email: 'ada@example.com', firstName: 'Ada' };

describe('identity tokens', () => {
  it('stores events of an unsigned (compatible) token as a visitor, with a warning that names the risk', async () => {
    const c = await start();
    const token = encryptUserData(user, SECRET);
    await post(
      c,
      '/v2/bt',
      batchBody([wireEvent('order', { userProperties: { uid: '42' } })], { richpanelSettings: token }),
    );
    expect(c.events[0]?.identity).toEqual({ verified: false });
    expect(c.events[0]?.warnings).toContain(UNSIGNED_TOKEN_WARNING);
    expect(UNSIGNED_TOKEN_WARNING).toMatch(/forge.*--allow-unsigned-tokens/);
  });

  it('does not verify a token spliced from a real hardened token (id chosen by the attacker)', async () => {
    const c = await start();
    const { token, plaintext } = alignedHardenedToken(SECRET, Date.now());
    const forged = spliceToken(token, plaintext);
    await post(c, '/v2/bt', batchBody([wireEvent('order')], { richpanelSettings: forged }));
    expect(c.events[0]?.identity).toEqual({ verified: false });
    expect(c.events[0]?.warnings).toContain(UNSIGNED_TOKEN_WARNING);
  });

  it('marks events verified with the token claims for a compatible token when allowUnsignedTokens is set', async () => {
    const c = await start({ allowUnsignedTokens: true });
    const token = encryptUserData(user, SECRET);
    await post(
      c,
      '/v2/bt',
      batchBody([wireEvent('order', { userProperties: { uid: '42' } })], { richpanelSettings: token }),
    );
    expect(c.events[0]?.identity).toEqual({ verified: true, by: 'token', signed: false, ...user });
    expect(c.events[0]?.warnings.filter((w) => /token/.test(w))).toEqual([]);
  });

  it('accepts a hardened token (ttl) and keeps iat/exp but not sig', async () => {
    const c = await start();
    const token = encryptUserData(user, SECRET, { ttlSeconds: 600 });
    await post(c, '/v2/bt', batchBody([wireEvent('page_view')], { richpanelSettings: token }));
    const identity = c.events[0]?.identity;
    expect(identity).toMatchObject({ verified: true, signed: true, id: '42', email: 'ada@example.com' });
    expect(identity).toHaveProperty('exp');
    expect(identity).not.toHaveProperty('sig');
  });

  it('stores events as a visitor with one warning when the token was made with another secret', async () => {
    const c = await start();
    const token = encryptUserData(user, 'another-secret');
    const res = await post(
      c,
      '/v2/bt',
      batchBody([wireEvent('page_view'), wireEvent('order', { properties: { orderId: '1', amount: 1, items: [] } })], {
        richpanelSettings: token,
      }),
    );
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok', accepted: 2, duplicates: 0 });
    for (const event of c.events) {
      expect(event.identity).toEqual({ verified: false });
      expect(event.warnings).toContain(BAD_TOKEN_WARNING);
    }
  });

  it('gives the same answer for garbage, altered and expired tokens (no oracle)', async () => {
    const c = await start();
    const good = encryptUserData(user, SECRET, { ttlSeconds: 3600 });
    const flipped = `${good.slice(0, 2)}${good[2] === '0' ? '1' : '0'}${good.slice(3)}`;
    const expired = encryptUserData(user, SECRET, { ttlSeconds: 1 });
    const tokens = ['not-a-token', 'ab'.repeat(16) + ':' + 'cd'.repeat(16), flipped, good.slice(0, -32), expired];
    // Ten minutes later: the 1-second token is past its exp and the 60 s clock-skew allowance.
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 10 * 60_000);
    try {
      for (const token of tokens) {
        const res = await post(c, '/v2/bt', batchBody([wireEvent('page_view')], { richpanelSettings: token }));
        expect(res.status).toBe(200);
      }
    } finally {
      vi.useRealTimers();
    }
    const answers = new Set(c.events.map((e) => JSON.stringify([e.identity, e.warnings])));
    expect(c.events).toHaveLength(tokens.length);
    expect([...answers]).toEqual([JSON.stringify([{ verified: false }, [BAD_TOKEN_WARNING]])]);
  });

  it('stores events as a visitor without a warning when the page has no token', async () => {
    const c = await start();
    await post(c, '/v2/bt', batchBody([wireEvent('page_view', { userProperties: { uid: '42' } })]));
    expect(c.events[0]).toMatchObject({ identity: { verified: false }, warnings: [] });
  });

  it('cannot verify without a secret and says so', async () => {
    const c = await start({ secret: '' });
    await post(c, '/v2/bt', batchBody([wireEvent('page_view')], { richpanelSettings: encryptUserData(user, SECRET) }));
    expect(c.events[0]).toMatchObject({ identity: { verified: false }, warnings: [NO_SECRET_WARNING] });
  });

  it('warns when the event claims another uid than the verified token', async () => {
    const c = await start();
    await post(
      c,
      '/v2/bt',
      batchBody([wireEvent('identify', { userProperties: { uid: '43' } })], {
        richpanelSettings: encryptUserData(user, SECRET, { ttlSeconds: 600 }),
      }),
    );
    expect(c.events[0]?.identity.verified).toBe(true);
    expect(c.events[0]?.warnings).toEqual(['userProperties.uid "43" differs from the verified token id "42"']);
  });

  it('treats a richpanelSettings that is not a string as a bad token, not a bad batch', async () => {
    const c = await start();
    const res = await post(c, '/v2/bt', batchBody([wireEvent('page_view')], { richpanelSettings: { id: '42' } }));
    expect(await res.json()).toEqual({ status: 'ok', accepted: 1, duplicates: 0 });
    expect(c.events[0]).toMatchObject({ identity: { verified: false }, warnings: [BAD_TOKEN_WARNING] });
  });
});
