// Cart: GA4 view_cart on load (GTM's object form) and remove_from_cart per line (gtag's form); the
// e-commerce module sends Richpanel's view_cart and remove_from_cart.
import { CURRENCY, ga4Item, money } from '../catalog.js';
import { gtagEvent, pushEcommerce } from '../data-layer.js';
import { cartLines, cartTotal, removeFromCart, session } from '../store.js';
import { pageView } from '../track.js';
import { h, layout, productArt } from '../ui.js';

layout('cart');
pageView('cart');
const main = document.getElementById('main');
const lineItem = ({ product, quantity }) => ga4Item(product, quantity);
pushEcommerce('view_cart', { currency: CURRENCY, value: cartTotal(), items: cartLines().map(lineItem) });

function render() {
  const lines = cartLines();
  const content =
    lines.length === 0
      ? [h('p', { class: 'empty' }, 'Your cart is empty. ', h('a', { href: '/' }, 'Keep shopping'))]
      : [
          h(
            'ul',
            { class: 'lines', 'data-testid': 'cart-lines' },
            lines.map((line) =>
              h(
                'li',
                { class: 'line' },
                productArt(line.product, 'sm'),
                h('span', { class: 'line-name' }, line.product.name),
                h('span', { class: 'muted' }, `× ${line.quantity}`),
                h('span', { class: 'price' }, money(line.product.price * line.quantity)),
                h(
                  'button',
                  {
                    type: 'button',
                    class: 'link',
                    'aria-label': `Remove ${line.product.name}`,
                    onclick: () => {
                      removeFromCart(line.product.id);
                      gtagEvent('remove_from_cart', {
                        currency: CURRENCY,
                        value: Math.round(line.product.price * line.quantity * 100) / 100,
                        items: [lineItem(line)],
                      });
                      render();
                    },
                  },
                  'Remove',
                ),
              ),
            ),
          ),
          h('div', { class: 'total' }, h('span', {}, 'Subtotal'), h('strong', {}, money(cartTotal()))),
          h(
            'div',
            { class: 'actions' },
            session()
              ? null
              : h('a', { href: '/login.html?next=/checkout.html', class: 'button' }, 'Log in to check out'),
            h('a', { href: '/checkout.html', class: 'button primary' }, session() ? 'Check out' : 'Check out as guest'),
          ),
        ];
  main.replaceChildren(h('section', { class: 'panel' }, h('h1', {}, 'Your cart'), ...content));
}
render();
