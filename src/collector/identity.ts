// Who sent a batch. A good `richpanelSettings` token (checked with the server helper's
// verifyUserToken) or a good batch signature makes the identity verified; anything else is a
// visitor, with a warning — a bad token never rejects the batch.
import { verifyUserToken } from '../server/tokens.js';
import { isRecord } from './decode.js';
import type { Identity, Transport } from './types.js';

export interface IdentityResult {
  identity: Identity;
  /** A warning to put on every event of the batch, when there is one. */
  warning: string | undefined;
}

/** The one answer for every token that does not verify (wrong secret, altered, expired): no oracle. */
export const BAD_TOKEN_WARNING = 'richpanelSettings token did not verify: stored as a visitor';
/** An unsigned (compatible) token decrypted, but it has no integrity: stored as a visitor, saying why. */
export const UNSIGNED_TOKEN_WARNING =
  'richpanelSettings token is unsigned (a compatible token without "sig"): anyone holding a token can forge another customer id in one (IV bit flips, CBC splicing), so it is stored as a visitor. Make hardened tokens (encryptUserData with ttlSeconds, cartbeacon token --ttl) or, to trust unsigned tokens anyway, start the collector with allowUnsignedTokens: true (--allow-unsigned-tokens)';
export const NO_SECRET_WARNING =
  'richpanelSettings not checked: the collector has no API secret (set RICHPANEL_API_SECRET)';

/**
 * The batch-level identity from its token. Signed batches are handled per event by `identityForEvent`.
 * Only a hardened token whose `sig` checks out is verified, unless `allowUnsigned` also lets unsigned
 * (compatible) tokens through.
 */
export function identityForBatch(
  token: unknown,
  secret: string | undefined,
  transport: Transport,
  allowUnsigned = false,
): IdentityResult {
  if (transport === 'signed' || transport === 'signed-single' || token === undefined)
    return { identity: { verified: false }, warning: undefined };
  if (!secret) return { identity: { verified: false }, warning: NO_SECRET_WARNING };
  if (typeof token !== 'string') return { identity: { verified: false }, warning: BAD_TOKEN_WARNING };
  try {
    const claims = verifyUserToken(token, secret);
    return { identity: { ...claims, verified: true, by: 'token', signed: true }, warning: undefined };
  } catch {
    // not a good hardened token: an unsigned one, or a bad one
  }
  try {
    const claims = verifyUserToken(token, secret, { allowUnsigned: true });
    // `signed: false` keeps telling the viewer that this identity rests on a token without a MAC
    if (allowUnsigned)
      return { identity: { ...claims, verified: true, by: 'token', signed: false }, warning: undefined };
    return { identity: { verified: false }, warning: UNSIGNED_TOKEN_WARNING };
  } catch {
    return { identity: { verified: false }, warning: BAD_TOKEN_WARNING };
  }
}

/**
 * The identity stored with one event. A signed batch vouches for its events' `userProperties`
 * (the shop's server made it with the secret); a token's `id` is compared with the event's `uid`.
 */
export function identityForEvent(
  batch: IdentityResult,
  event: Record<string, unknown>,
  transport: Transport,
): { identity: Identity; warnings: string[] } {
  const user = isRecord(event.userProperties) ? event.userProperties : {};
  if (transport === 'signed' || transport === 'signed-single') {
    const identity: Identity = { verified: true, by: 'signature' };
    if (user.uid !== undefined) identity.id = user.uid;
    if (user.email !== undefined) identity.email = user.email;
    return { identity, warnings: [] };
  }
  const warnings = batch.warning ? [batch.warning] : [];
  const { identity } = batch;
  if (identity.verified && user.uid !== undefined && user.uid !== null && String(user.uid) !== String(identity.id)) {
    warnings.push(
      `userProperties.uid ${JSON.stringify(user.uid)} differs from the verified token id ${JSON.stringify(identity.id)}`,
    );
  }
  return { identity, warnings };
}
