// Richpanel's messenger (chat widget), loaded as Richpanel's script loads it: a deferred script
// `micro-app-v2.js?version=<YYYYMMDD, UTC>`. The core sets this module up once consent is granted,
// after the globals the messenger reads (richpanel.did, .sid, window.appClientId) are set, so chat
// and events share one visitor. `messenger: true`, or a string: that script URL (a stand-in, a
// self-hosted copy); `nonce` for a strict CSP.
import { MESSENGER_URL } from '../../protocol/hosts.js';
import type { CartbeaconModule } from '../module.js';

/** The core's W26: the messenger script could not be added (a throwing DOM method, Trusted Types refusing its URL). */
const W_MESSENGER = 26;

/** The messenger module: `createTracker({ apiKey, messenger: true, use: [messenger()] })`. */
export const messenger = (): CartbeaconModule => ({
  name: 'messenger',
  setup({ options, warn }) {
    try {
      const d = document;
      const s = d.createElement('script');
      const src = options.messenger;
      s.defer = true;
      s.src =
        typeof src === 'string' ? src : `${MESSENGER_URL}?version=${new Date().toISOString().replace(/-|T.*/g, '')}`;
      if (options.nonce) s.nonce = String(options.nonce);
      d.head.append(s);
    } catch (e) {
      warn(W_MESSENGER, e);
    }
  },
});
