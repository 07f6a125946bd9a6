// The CBC block splice of issue 11: from a real hardened token and one known plaintext block, an
// attacker builds a token whose plaintext starts with 16 bytes they choose and ends with the rest of
// the original (here: the `sig` value). Shared by the token and the collector tests.
import { encryptWithIv } from '../../src/server/tokens.js';

const BLOCK = 16;
/** 16 bytes the attacker wants first: `{"id":12345,"":"` — the old sig hex becomes the value of `""`. */
export const SPLICE_PREFIX = '{"id":12345,"":"';

/**
 * A hardened token whose `sig` value starts on a block boundary (the attacker pads their own e-mail
 * until it does), and its plaintext, which the attacker knows but for the sig itself.
 */
export function alignedHardenedToken(secret: string, now: number): { token: string; plaintext: string } {
  const iv = Buffer.alloc(BLOCK, 9);
  for (let pad = 0; pad < BLOCK; pad++) {
    const data = { id: '42', email: `${'a'.repeat(1 + pad)}@example.com` };
    const token = encryptWithIv(data, secret, iv, { ttlSeconds: 3600 }, now);
    const iat = Math.floor(now / 1000);
    const plaintext = JSON.stringify({ ...data, iat, exp: iat + 3600, sig: '' });
    const sigAt = plaintext.indexOf('"sig":"') + '"sig":"'.length;
    if (sigAt % BLOCK === 0) return { token, plaintext };
  }
  throw new Error('no padding aligns the sig value: cannot happen with 16 tries');
}

/**
 * Splices `token`: keeps the ciphertext from the block just before the `sig` value onward and puts a
 * new IV in front, chosen so that the known block decrypts to `prefix`. Only `plaintext` up to the
 * `sig` value needs to be known.
 */
export function spliceToken(token: string, plaintext: string, prefix = SPLICE_PREFIX): string {
  if (Buffer.byteLength(prefix) !== BLOCK) throw new Error('the prefix must be exactly one block');
  const [ivHex, ctHex] = token.split(':') as [string, string];
  const blocks = Buffer.concat([Buffer.from(ivHex, 'hex'), Buffer.from(ctHex, 'hex')]);
  const sigAt = plaintext.indexOf('"sig":"') + '"sig":"'.length;
  // Plaintext block k (0-based) decrypts as D(C[k+1]) xor C[k], with C[0] the IV.
  const known = sigAt / BLOCK - 1;
  const knownPlain = Buffer.from(plaintext.slice(known * BLOCK, sigAt), 'utf8');
  const previous = blocks.subarray(known * BLOCK, known * BLOCK + BLOCK);
  const target = Buffer.from(prefix, 'utf8');
  const iv = Buffer.alloc(BLOCK);
  for (let i = 0; i < BLOCK; i++) iv[i] = knownPlain[i]! ^ previous[i]! ^ target[i]!;
  const kept = blocks.subarray((known + 1) * BLOCK);
  return `${iv.toString('hex')}:${kept.toString('hex')}`;
}
