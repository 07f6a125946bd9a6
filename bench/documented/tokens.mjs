// The reference identity-token code, as Richpanel's docs give it for Node: the key is the first 32
// characters of the hex SHA-256 of the API secret, computed once; AES-256-CBC with a random IV;
// the token is iv_hex + ':' + ciphertext_hex. The docs show encryption only: `decrypt` is its
// plain inverse with the same Node crypto calls (no shape checks, no MAC, no claim checks).
import crypto from 'node:crypto';

export function referenceTokens(apiSecret) {
  const ENCRYPTION_KEY = crypto.createHash('sha256').update(apiSecret).digest('hex').substring(0, 32);
  function encrypt(text) {
    const iv = crypto.randomBytes(16);
    const cipher = crypto.createCipheriv('aes-256-cbc', Buffer.from(ENCRYPTION_KEY), iv);
    let encrypted = cipher.update(text);
    encrypted = Buffer.concat([encrypted, cipher.final()]);
    return iv.toString('hex') + ':' + encrypted.toString('hex');
  }
  function decrypt(token) {
    const [ivHex, ctHex] = token.split(':');
    const decipher = crypto.createDecipheriv('aes-256-cbc', Buffer.from(ENCRYPTION_KEY), Buffer.from(ivHex, 'hex'));
    let decrypted = decipher.update(Buffer.from(ctHex, 'hex'));
    decrypted = Buffer.concat([decrypted, decipher.final()]);
    return decrypted.toString();
  }
  return {
    encryptUserData: (data) => encrypt(JSON.stringify(data)),
    verifyUserToken: (token) => JSON.parse(decrypt(token)),
  };
}
