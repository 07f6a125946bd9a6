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
export const NO_SECRET_WARNING =
  'richpanelSettings not checked: the collector has no API secret (set RICHPANEL_API_SECRET)';

/** The batch-level identity from its token. Signed batches are handled per event by `identityForEvent`. */
export function identityForBatch(token: unknown, secret: string | undefined, transport: Transport): IdentityResult {
  if (transport === 'signed' || token === undefined) return { identity: { verified: false }, warning: undefined };
  if (!secret) return { identity: { verified: false }, warning: NO_SECRET_WARNING };
  if (typeof token !== 'string') return { identity: { verified: false }, warning: BAD_TOKEN_WARNING };
  try {
    // `signed`: a hardened token whose sig checked out; a compatible token has no MAC and can be
    // altered by anyone who holds one (README, Security notes), so the viewer can tell them apart
    let signed = true;
    let claims: Record<string, unknown>;
    try {
      claims = verifyUserToken(token, secret, { requireSignature: true });
    } catch {
      signed = false;
      claims = verifyUserToken(token, secret);
    }
    return { identity: { ...claims, verified: true, by: 'token', signed }, warning: undefined };
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
  if (transport === 'signed') {
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
