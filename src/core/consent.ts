// Consent: what the tracker may do, and the visitor's answer remembered on the shop's domain.
//   pending  — nothing stored, nothing sent: events wait in memory with the time they happened;
//   granted  — ids created or adopted, everything sent (the default when the shop sets no option);
//   denied   — nothing stored or sent; what cartbeacon or Richpanel's script had stored is removed.
// The answer is kept in the `cb_consent` cookie ("granted" or "denied": nothing that identifies
// the visitor), so the next page starts in that state whatever its option says.
import { writeCookie } from './cookies.js';

export type Consent = 'pending' | 'granted' | 'denied';

/** The remembered answer lives a year: banners ask again after about that long. */
const CONSENT_MAX_AGE_S = 365 * 86_400;
/** The cookie that remembers the answer. */
export const CONSENT_COOKIE = 'cb_consent';

/**
 * Pure: the state a page starts in. A remembered answer wins over the page's option; with
 * `respectGpc`, Global Privacy Control counts as a denial unless the visitor granted on this site.
 */
export function startConsent(option: unknown, remembered: unknown, gpc: boolean): Consent {
  if (remembered === 'granted' || remembered === 'denied') return remembered;
  if (gpc || option === 'denied') return 'denied';
  return option === 'pending' ? 'pending' : 'granted';
}

/** Remembers the visitor's answer. */
export const rememberConsent = (w: Window, answer: 'granted' | 'denied'): void =>
  writeCookie(w, CONSENT_COOKIE, answer, CONSENT_MAX_AGE_S);
