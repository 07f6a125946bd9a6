// The account a requests-per-minute limit belongs to, as a key of the process-wide pacing schedule
// (src/delivery/rate-limit.ts): the destination, its address and a fingerprint of its key.
import { accountFingerprint } from '../checkpoint.js';

export function rateKeyOf(destination: string, base: string, apiKey: string): string {
  return `${destination} ${base} ${accountFingerprint(apiKey)}`;
}
