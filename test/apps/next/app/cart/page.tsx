'use client';
import { useTracker } from 'cartbeacon/react';
import type { OrderProperties } from 'cartbeacon';
import { useRouter } from 'next/navigation';
import { cartTotal, clearCart, useCart } from '../../lib/cart';
import { CURRENCY } from '../../lib/catalog';

export default function CartPage() {
  const tracker = useTracker();
  const router = useRouter();
  const cart = useCart();

  function placeOrder() {
    const orderId = String(1000 + Math.floor(Math.random() * 9000));
    const order: OrderProperties = {
      orderId,
      amount: cartTotal(cart),
      currency: CURRENCY,
      items: cart.map(({ product, quantity }) => ({
        id: product.id,
        name: product.name,
        sku: product.sku,
        price: product.price,
        quantity,
      })),
    };
    tracker.track('order', order, { email: 'shopper@example.com' });
    clearCart();
    router.push(`/thanks?order=${orderId}`);
  }

  return (
    <main>
      <h1>Cart</h1>
      <ul>
        {cart.map(({ product, quantity }) => (
          <li key={product.id}>
            {product.name} × {quantity}
          </li>
        ))}
      </ul>
      <button type="button" disabled={cart.length === 0} onClick={placeOrder}>
        Place order
      </button>
    </main>
  );
}
