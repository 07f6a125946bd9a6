// Small DOM helpers and the shop's header and footer. Text always goes in with textContent.
import { cartCount } from './store.js';
import { session } from './store.js';
import { consentBanner } from './consent.js';
import { dataLayerPanel } from './data-layer.js';

/** h('a', { href: '/' }, 'Home'): an element with attributes and text or child nodes. */
export function h(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') node.className = value;
    else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/** A product picture: a tinted tile with the product's initials (no network, no image files). */
export function productArt(product, size = 'md') {
  const initials = product.name
    .split(' ')
    .map((w) => w[0])
    .join('')
    .slice(0, 2);
  const art = h('div', { class: `art art-${size}`, 'aria-hidden': 'true' }, initials);
  art.style.setProperty('--hue', String(product.hue));
  return art;
}

function renderHeader(active) {
  const s = session();
  const count = cartCount();
  const link = (href, label, key, extra = {}) =>
    h('a', { href, class: active === key ? 'active' : undefined, ...extra }, label);
  return h(
    'header',
    { class: 'site' },
    h(
      'div',
      { class: 'wrap bar' },
      h('a', { href: '/', class: 'brand' }, h('span', { class: 'dot' }), 'Beacon Goods'),
      h(
        'nav',
        {},
        link('/', 'Shop', 'shop'),
        link('/bundler.html', 'npm build', 'bundler'),
        link('/proxy.html', 'First-party', 'proxy'),
        link('/cart.html', `Cart (${count})`, 'cart', { 'data-testid': 'cart-link' }),
        s
          ? h(
              'span',
              { class: 'who' },
              h('span', { 'data-testid': 'customer' }, s.user.firstName || s.user.email),
              ' · ',
              h('a', { href: '/login.html?logout=1' }, 'Log out'),
            )
          : link('/login.html', 'Log in', 'login'),
        h('a', { href: '/events', target: '_blank', class: 'viewer-link' }, 'Event viewer ↗'),
      ),
    ),
  );
}

function renderFooter() {
  const key = window.CARTBEACON_DEMO?.apiKey || '';
  return h(
    'footer',
    { class: 'site' },
    h(
      'div',
      { class: 'wrap' },
      h(
        'p',
        {},
        'A demo storefront served by ',
        h('code', {}, 'cartbeacon dev'),
        '. Every click is tracked and sent to this server',
        key ? ` (API key "${key}")` : '',
        '.',
      ),
      h('p', {}, 'Watch the events arrive at ', h('a', { href: '/events', target: '_blank' }, '/events'), '.'),
    ),
  );
}

/** Puts the header and footer around the page's <main> (with the dataLayer panel), and keeps the cart count current. */
export function layout(active) {
  let header = renderHeader(active);
  const { banner, reopen } = consentBanner();
  document.body.prepend(header);
  const footer = renderFooter();
  footer.querySelector('.wrap').append(h('p', {}, reopen));
  document.body.append(dataLayerPanel(), footer, banner);
  window.addEventListener('demo:change', () => {
    const next = renderHeader(active);
    header.replaceWith(next);
    header = next;
  });
}
