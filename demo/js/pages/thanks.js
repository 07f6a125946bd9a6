// Order confirmation.
import { money } from '../catalog.js';
import { session } from '../store.js';
import { pageView } from '../track.js';
import { h, layout } from '../ui.js';

layout('shop');
pageView('order_confirmation');
const params = new URLSearchParams(location.search);
const orderId = params.get('order') || '';
const total = Number(params.get('total'));
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
      params.get('queued')
        ? h(
            'p',
            { class: 'note' },
            'The order event is still queued: the tracker will retry until the collector takes it.',
          )
        : null,
      h(
        'p',
        {},
        h('a', { href: '/events', target: '_blank', class: 'button primary' }, 'See it in the event viewer'),
        ' ',
        h('a', { href: '/', class: 'button' }, 'Keep shopping'),
      ),
    ),
  );
