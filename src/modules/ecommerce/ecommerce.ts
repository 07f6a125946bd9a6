// The e-commerce module: the shop's dataLayer (GA4 and UA, object and gtag forms) and, on a product
// page that pushes no view_item, its schema.org Product JSON-LD, become Richpanel's events.
// `createTracker({ apiKey, use: [ecommerce()] })`, or `load(KEY, { src, ecommerce: 'dataLayer' })`.
import type { CartbeaconModule, ModuleHost } from '../module.js';
import { watchDataLayer } from './data-layer.js';
import { obj } from './fields.js';
import { productFromJsonLd } from './json-ld.js';
import type { Call } from './map-ga4.js';
import { mapPush } from './map-push.js';
import { W_THREW } from './warnings.js';

/** Options of `ecommerce()` (or of the `ecommerce` load() option, when it is an object). */
export interface EcommerceOptions {
  /** The data layer's global name, as GTM's `dataLayerName` (default `'dataLayer'`). */
  dataLayer?: string;
  /** Send `view_product` from a product page's JSON-LD when it pushes no `view_item` (default true). */
  jsonLd?: boolean;
}

/**
 * When "the page pushes no view_item" is judged: this long after the window's load event (or after
 * start-up, when the page had loaded already), so that a view_item that a tag pushes at load counts.
 */
export const SETTLE_MS = 1000;

/** The e-commerce module: Richpanel's events from the dataLayer and the product page's JSON-LD. */
export const ecommerce = (options?: EcommerceOptions): CartbeaconModule => ({
  name: 'ecommerce',
  setup(host) {
    try {
      start(window, host, { ...obj(host.options.ecommerce), ...options });
    } catch (e) {
      host.warn(W_THREW, ['ecommerce', e]);
    }
  },
});

function start(w: Window, host: ModuleHost, o: EcommerceOptions): void {
  const { apiKey, warn } = host;
  /** A view_product was sent, so the JSON-LD one is not needed. */
  let viewed = false;
  /** The id of the product the JSON-LD view_product was sent for, until a view_item of it comes. */
  let ldId: string | undefined;
  const send = ([event, properties, eventId]: Call) => {
    if (event === 'view_product') {
      // a view_item arriving after the JSON-LD view of the same product is that view again
      if (ldId === String(properties.id)) {
        ldId = undefined;
        return;
      }
      viewed = true;
    }
    host.track(event, properties, undefined, undefined, eventId);
  };
  watchDataLayer(w, o.dataLayer || 'dataLayer', (entry) => mapPush(entry, apiKey, warn).forEach(send), warn);
  if (o.jsonLd === false) return;
  const judge = () => {
    try {
      if (viewed) return;
      const scripts = w.document.querySelectorAll('script[type="application/ld+json"]');
      const p = productFromJsonLd(
        [...scripts].map((s) => s.textContent || ''),
        w.location.href,
        warn,
      );
      if (!p) return;
      send(['view_product', p]);
      if (p.id != null) ldId = String(p.id);
    } catch (e) {
      warn(W_THREW, ['ecommerce', e]);
    }
  };
  const settle = () => setTimeout(judge, SETTLE_MS);
  if (w.document.readyState === 'complete') settle();
  else w.addEventListener('load', settle);
}
