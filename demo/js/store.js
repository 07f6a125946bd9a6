// Browser-side state of the demo shop: the cart and the logged-in customer (localStorage).
import { productById } from './catalog.js';

const CART_KEY = 'cartbeacon-demo-cart';
const SESSION_KEY = 'cartbeacon-demo-session';
const ORDER_KEY = 'cartbeacon-demo-last-order';

function read(key, fallback) {
  try {
    const value = JSON.parse(localStorage.getItem(key) || 'null');
    return value ?? fallback;
  } catch {
    return fallback;
  }
}

function write(key, value) {
  localStorage.setItem(key, JSON.stringify(value));
  window.dispatchEvent(new Event('demo:change'));
}

/** Cart lines with their products: [{ product, quantity }]. */
export function cartLines() {
  return read(CART_KEY, [])
    .map((line) => ({ product: productById(line.id), quantity: line.quantity }))
    .filter((line) => line.product && line.quantity > 0);
}

export function cartCount() {
  return cartLines().reduce((n, line) => n + line.quantity, 0);
}

export function cartTotal() {
  return Math.round(cartLines().reduce((sum, line) => sum + line.product.price * line.quantity, 0) * 100) / 100;
}

export function addToCart(id, quantity = 1) {
  const lines = read(CART_KEY, []);
  const line = lines.find((l) => l.id === id);
  if (line) line.quantity += quantity;
  else lines.push({ id, quantity });
  write(CART_KEY, lines);
}

export function removeFromCart(id) {
  write(
    CART_KEY,
    read(CART_KEY, []).filter((l) => l.id !== id),
  );
}

export function clearCart() {
  write(CART_KEY, []);
}

/** The order just placed ({ purchase, total, email }: GA4's purchase parameters and what the page shows). */
export function saveOrder(order) {
  localStorage.setItem(ORDER_KEY, JSON.stringify(order));
}

/** The order placed last, when its transaction id is `orderId`; undefined otherwise. */
export function placedOrder(orderId) {
  const order = read(ORDER_KEY, null);
  return order?.purchase && order.purchase.transaction_id === orderId ? order : undefined;
}

/** The logged-in customer ({ user, token, expiresAt }), or undefined (also once the token expired). */
export function session() {
  const s = read(SESSION_KEY, null);
  return s && s.expiresAt > Date.now() ? s : undefined;
}

export function saveSession(s) {
  write(SESSION_KEY, s);
}

export function endSession() {
  localStorage.removeItem(SESSION_KEY);
  window.dispatchEvent(new Event('demo:change'));
}
