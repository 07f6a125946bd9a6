// Product page: GA4 view_item on load and add_to_cart on the button, in GTM's object form
// (dataLayer.push); the e-commerce module sends them as view_product and add_to_cart.
import { CURRENCY, ga4Item, money, productById } from '../catalog.js';
import { pushEcommerce } from '../data-layer.js';
import { addToCart } from '../store.js';
import { pageView } from '../track.js';
import { h, layout, productArt } from '../ui.js';

layout('shop');
const main = document.getElementById('main');
const product = productById(new URLSearchParams(location.search).get('id') || '');

if (!product) {
  pageView('not_found');
  main.append(
    h(
      'section',
      { class: 'panel' },
      h('h1', {}, 'Product not found'),
      h('p', {}, h('a', { href: '/' }, 'Back to the shop')),
    ),
  );
} else {
  document.title = `${product.name} · Beacon Goods`;
  pageView('product');
  pushEcommerce('view_item', { currency: CURRENCY, value: product.price, items: [ga4Item(product)] });

  const quantity = h('input', {
    type: 'number',
    min: '1',
    max: '9',
    value: '1',
    id: 'quantity',
    'aria-label': 'Quantity',
  });
  const note = h('p', { class: 'note', role: 'status' });
  const add = () => {
    const n = Math.max(1, Math.min(9, Number(quantity.value) || 1));
    addToCart(product.id, n);
    const value = Math.round(product.price * n * 100) / 100;
    pushEcommerce('add_to_cart', { currency: CURRENCY, value, items: [ga4Item(product, n)] });
    note.replaceChildren(`Added ${n} × ${product.name}. `, h('a', { href: '/cart.html' }, 'View cart'));
  };
  main.append(
    h('p', { class: 'crumbs' }, h('a', { href: '/' }, 'Shop'), ' / ', product.name),
    h(
      'article',
      { class: 'product' },
      productArt(product, 'lg'),
      h(
        'div',
        { class: 'product-info' },
        h('h1', {}, product.name),
        h('p', { class: 'price big' }, money(product.price)),
        h('p', {}, product.blurb),
        h('p', { class: 'muted' }, `SKU ${product.sku}`),
        h(
          'div',
          { class: 'buy' },
          quantity,
          h('button', { type: 'button', class: 'primary', onclick: add }, 'Add to cart'),
        ),
        note,
      ),
    ),
  );
}
