// Product list.
import { PRODUCTS, money } from '../catalog.js';
import { pageView } from '../track.js';
import { h, layout, productArt } from '../ui.js';

layout('shop');
pageView('home');

const main = document.getElementById('main');
main.append(
  h(
    'section',
    { class: 'hero' },
    h('h1', {}, 'Everyday goods, tracked with care'),
    h('p', {}, 'Browse, add to cart, log in and check out. Each step sends a Richpanel event to this dev server.'),
  ),
  h(
    'ul',
    { class: 'grid', 'data-testid': 'products' },
    PRODUCTS.map((p) =>
      h(
        'li',
        { class: 'card' },
        h(
          'a',
          { href: `/product.html?id=${encodeURIComponent(p.id)}`, class: 'card-link' },
          productArt(p),
          h('span', { class: 'card-name' }, p.name),
          h('span', { class: 'price' }, money(p.price)),
        ),
      ),
    ),
  ),
);
