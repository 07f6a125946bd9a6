// Checkout: GA4 begin_checkout on load (GTM's object form) and add_payment_info on "Place order"
// (gtag's form); the e-commerce module sends checkout_start and checkout_payment. The order is kept
// for the thank-you page, which pushes the GA4 purchase (a shop's backend would render it there).
import { CURRENCY, ga4Item, money } from '../catalog.js';
import { gtagEvent, pushEcommerce } from '../data-layer.js';
import { cartLines, cartTotal, clearCart, saveOrder, session } from '../store.js';
import { flush, pageView } from '../track.js';
import { h, layout, productArt } from '../ui.js';

/** Free shipping from this subtotal up; otherwise the flat rate below. */
const FREE_SHIPPING_FROM = 50;
const SHIPPING = {
  standard: { label: 'Standard Shipping 2-5 Days', price: 4.95 },
  express: { label: 'Express Shipping 1-2 Days', price: 14.95 },
};
/** A flat demo sales tax. */
const TAX_RATE = 0.08;

const round = (n) => Math.round(n * 100) / 100;

layout('cart');
pageView('checkout');
const main = document.getElementById('main');
const lines = cartLines();
const customer = session()?.user;

if (lines.length === 0) {
  main.append(
    h(
      'section',
      { class: 'panel' },
      h('h1', {}, 'Checkout'),
      h('p', { class: 'empty' }, 'Your cart is empty. ', h('a', { href: '/' }, 'Keep shopping')),
    ),
  );
} else {
  const items = lines.map(({ product, quantity }) => ga4Item(product, quantity));
  pushEcommerce('begin_checkout', { currency: CURRENCY, value: cartTotal(), items });

  const field = (label, name, value, attrs = {}) =>
    h('label', {}, label, h('input', { name, value: value ?? '', required: true, ...attrs }));
  const shippingMethod = h(
    'select',
    { name: 'shippingMethod' },
    Object.entries(SHIPPING).map(([value, s]) =>
      h(
        'option',
        { value },
        `${s.label} — ${value === 'standard' && cartTotal() >= FREE_SHIPPING_FROM ? 'free' : money(s.price)}`,
      ),
    ),
  );
  const totals = h('div', { class: 'totals' });
  const error = h('p', { class: 'error', role: 'alert' });
  const submit = h('button', { type: 'submit', class: 'primary' }, 'Place order');

  const amounts = () => {
    const subTotal = cartTotal();
    const method = SHIPPING[shippingMethod.value] || SHIPPING.standard;
    const shippingAmount = shippingMethod.value === 'standard' && subTotal >= FREE_SHIPPING_FROM ? 0 : method.price;
    const taxAmount = round(subTotal * TAX_RATE);
    return { subTotal, shippingAmount, taxAmount, amount: round(subTotal + shippingAmount + taxAmount), method };
  };
  const renderTotals = () => {
    const a = amounts();
    totals.replaceChildren(
      h('div', {}, h('span', {}, 'Subtotal'), h('span', {}, money(a.subTotal))),
      h('div', {}, h('span', {}, 'Shipping'), h('span', {}, a.shippingAmount ? money(a.shippingAmount) : 'Free')),
      h('div', {}, h('span', {}, 'Tax'), h('span', {}, money(a.taxAmount))),
      h(
        'div',
        { class: 'grand' },
        h('span', {}, 'Total'),
        h('strong', { 'data-testid': 'order-total' }, money(a.amount)),
      ),
    );
  };
  shippingMethod.addEventListener('change', renderTotals);

  async function placeOrder(e) {
    e.preventDefault();
    submit.disabled = true;
    const f = Object.fromEntries(new FormData(e.target).entries());
    const a = amounts();
    const orderId = String(100000 + Math.floor(Math.random() * 900000));
    gtagEvent('add_payment_info', { currency: CURRENCY, value: a.subTotal, payment_type: 'Credit Card', items });
    // What the shop's backend would keep and render into the thank-you page, which pushes the purchase.
    saveOrder({
      purchase: {
        transaction_id: orderId,
        value: a.subTotal,
        tax: a.taxAmount,
        shipping: a.shippingAmount,
        currency: CURRENCY,
        items,
      },
      total: a.amount,
      email: f.email,
    });
    await flush();
    clearCart();
    location.href = `/thanks.html?order=${orderId}`;
  }

  main.append(
    h(
      'section',
      { class: 'checkout' },
      h(
        'form',
        { class: 'panel form', onsubmit: placeOrder, 'data-testid': 'checkout-form' },
        h('h1', {}, 'Checkout'),
        customer
          ? h('p', { class: 'note' }, `Logged in as ${customer.email}: this order is sent with your identity token.`)
          : h(
              'p',
              { class: 'note' },
              'Checking out as a guest. ',
              h('a', { href: '/login.html?next=/checkout.html' }, 'Log in'),
              ' to send the order as a verified customer.',
            ),
        field('Email', 'email', customer?.email ?? 'shopper@example.com', { type: 'email' }),
        h(
          'div',
          { class: 'row' },
          field('First name', 'firstName', customer?.firstName || 'Shubhanshu'),
          field('Last name', 'lastName', customer?.lastName || 'Chouhan'),
        ),
        field('Address', 'address1', '201B, Lotus CHS'),
        h('div', { class: 'row' }, field('City', 'city', 'Lockport'), field('State', 'state', 'Illinois')),
        h(
          'div',
          { class: 'row' },
          field('Postcode', 'postcode', '60441'),
          field('Country', 'country', 'United States'),
        ),
        h('label', {}, 'Shipping', shippingMethod),
        error,
        submit,
      ),
      h(
        'aside',
        { class: 'panel summary' },
        h('h2', {}, 'Order summary'),
        h(
          'ul',
          { class: 'lines compact' },
          lines.map(({ product, quantity }) =>
            h(
              'li',
              { class: 'line' },
              productArt(product, 'sm'),
              h('span', { class: 'line-name' }, `${product.name} × ${quantity}`),
              h('span', { class: 'price' }, money(product.price * quantity)),
            ),
          ),
        ),
        totals,
      ),
    ),
  );
  renderTotals();
}
