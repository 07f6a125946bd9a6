// The shop's Google Analytics 4 e-commerce data, pushed as a theme pushes it for GTM or gtag.js. The
// demo calls no richpanel.track() for its commerce steps: the dev server loads cartbeacon with
// `ecommerce: 'dataLayer'`, and the e-commerce module turns these pushes into Richpanel's events.
// Two forms, as shops use both: GTM's object form (`dataLayer.push({ ecommerce: null })` first, as
// Google recommends, then `{ event, ecommerce }`) and gtag's arguments form (`gtag('event', …)`).
// The panel below lists this page's pushes and the Richpanel event each becomes; the viewer
// (/events) shows what arrived.
import { h } from './ui.js';

window.dataLayer = window.dataLayer || [];

// Google's gtag.js snippet (`function gtag(){dataLayer.push(arguments);}`): gtag() pushes its `arguments` object.
window.gtag = function gtag() {
  // biome-ignore lint/complexity/noArguments: gtag pushes an Arguments object, not an array
  window.dataLayer.push(arguments);
};

/** The Richpanel event the e-commerce module sends for each GA4 event (README, Zero-code e-commerce). */
const BECOMES = {
  view_item: 'view_product',
  add_to_cart: 'add_to_cart',
  remove_from_cart: 'remove_from_cart',
  view_cart: 'view_cart',
  begin_checkout: 'checkout_start',
  add_payment_info: 'checkout_payment',
  purchase: 'order',
  refund: 'refund',
};

const changed = () => window.dispatchEvent(new Event('demo:datalayer'));

/** GTM's object form: clears the previous `ecommerce` object, then pushes the event with its own. */
export function pushEcommerce(event, ecommerce) {
  window.dataLayer.push({ ecommerce: null });
  window.dataLayer.push({ event, ecommerce });
  changed();
}

/** gtag's form: `gtag('event', name, params)`. */
export function gtagEvent(name, params) {
  window.gtag('event', name, params);
  changed();
}

const isArguments = (entry) => Object.prototype.toString.call(entry) === '[object Arguments]';

/** One push as the page wrote it, and the Richpanel event it becomes ('' for none). */
function describe(entry) {
  if (isArguments(entry)) {
    const [command, name, params] = entry;
    const text = `gtag(${JSON.stringify(command)}, ${JSON.stringify(name)}, ${JSON.stringify(params, null, 1)})`;
    return { text, becomes: command === 'event' ? BECOMES[name] || '' : '' };
  }
  const text = `dataLayer.push(${JSON.stringify(entry, null, 1)})`;
  return { text, becomes: entry?.ecommerce ? BECOMES[entry.event] || '' : '' };
}

/** "dataLayer on this page": each push, and a link to what it became in the viewer. */
export function dataLayerPanel() {
  const list = h('ol', { class: 'pushes' });
  const count = h('span', {}, '');
  const panel = h(
    'details',
    { class: 'datalayer wrap', open: true, 'data-testid': 'datalayer' },
    h('summary', {}, 'dataLayer on this page', count),
    h(
      'p',
      { class: 'muted' },
      "GA4 e-commerce pushes, as a theme makes them for Google Analytics; cartbeacon's ecommerce: 'dataLayer' ",
      "sends Richpanel's event for each. The links open the event viewer on that event.",
    ),
    list,
  );
  const render = () => {
    const entries = Array.from(window.dataLayer);
    panel.hidden = entries.length === 0;
    count.textContent = ` (${entries.length})`;
    list.replaceChildren(
      ...entries.map((entry) => {
        const { text, becomes } = describe(entry);
        return h(
          'li',
          { 'data-becomes': becomes || undefined },
          h('code', {}, text.replace(/\n\s*/g, ' ')),
          becomes
            ? h(
                'span',
                { class: 'becomes' },
                '→ Richpanel ',
                h('a', { href: `/events?event=${encodeURIComponent(becomes)}`, target: '_blank' }, becomes),
              )
            : h(
                'span',
                { class: 'becomes muted' },
                entry?.ecommerce === null ? '(clears the last ecommerce)' : '(no event)',
              ),
        );
      }),
    );
  };
  window.addEventListener('demo:datalayer', render);
  render();
  return panel;
}
