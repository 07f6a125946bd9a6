// Richpanel's messenger (chat widget), loaded as Richpanel's script loads it: a deferred script
// `micro-app-v2.js?version=<YYYYMMDD, UTC>`, after the globals it reads (richpanel.did, .sid,
// window.appClientId) are set, so chat and events share one visitor.
import { MESSENGER_URL } from '../protocol/hosts.js';
import type { Warn } from '../transport/index.js';
import { W_MESSENGER } from '../transport/warnings.js';

/**
 * `true`: Richpanel's messenger; a string: that script URL (a stand-in, a self-hosted copy). Never
 * throws: a page whose DOM methods throw or whose Trusted Types refuse the URL gets no chat (W26).
 */
export function loadMessenger(d: Document, messenger: true | string, nonce: string | undefined, warn: Warn): void {
  try {
    const s = d.createElement('script');
    s.defer = true;
    s.src =
      messenger === true ? `${MESSENGER_URL}?version=${new Date().toISOString().replace(/-|T.*/g, '')}` : messenger;
    if (nonce) s.nonce = nonce;
    d.head.append(s);
  } catch (e) {
    warn(W_MESSENGER, e);
  }
}
