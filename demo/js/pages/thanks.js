// Order confirmation: pushes GA4's purchase in gtag's form, as a theme's thank-you page does; the
// e-commerce module sends it as an `order` whose eventId comes from the API key and the transaction
// id, so reloading this page sends the same order again and the collector keeps it once.
import { money } from '../catalog.js';
import { gtagEvent } from '../data-layer.js';
import { placedOrder, session } from '../store.js';
import { pageView } from '../track.js';
import { h, layout } from '../ui.js';

layout('shop');
pageView('order_confirmation');
const params = new URLSearchParams(location.search);
const orderId = params.get('order') || '';
const order = placedOrder(orderId);
if (order) gtagEvent('purchase', order.purchase);
const total = order ? order.total : Number.NaN;
const customer = session()?.user;

document
  .getElementById('main')
  .append(
    h(
      'section',
      { class: 'panel narrow center' },
      h('h1', {}, 'Thank you!'),
      h('p', { class: 'big', 'data-testid': 'order-number' }, `Order #${orderId}`),
      Number.isFinite(total) && total > 0 ? h('p', {}, `Total ${money(total)}`) : null,
      h(
        'p',
        { class: 'muted' },
        customer ? `Sent as ${customer.email}, a verified customer.` : 'Sent as a guest visitor.',
      ),
      h(
        'p',
        { class: 'note' },
        "This page pushed GA4's purchase (see the dataLayer panel below). Reload it: the order is sent again with ",
        'the same eventId, and the viewer still shows one.',
      ),
      h(
        'p',
        {},
        h(
          'a',
          { href: '/events?event=order', target: '_blank', class: 'button primary' },
          'See it in the event viewer',
        ),
        ' ',
        h('a', { href: '/', class: 'button' }, 'Keep shopping'),
      ),
    ),
  );
