'use client';
import { useTracker } from 'cartbeacon/react';
import Link from 'next/link';
import { useEffect } from 'react';
import { addToCart } from '../../../lib/cart';
import { CURRENCY, type Product } from '../../../lib/catalog';

const itemOf = (p: Product) => ({ id: p.id, name: p.name, sku: p.sku, price: p.price, currency: CURRENCY });

export function AddToCart({ product }: { product: Product }) {
  const tracker = useTracker();

  useEffect(() => {
    tracker.track('view_product', itemOf(product));
  }, [tracker, product]);

  return (
    <>
      <button
        type="button"
        onClick={() => {
          addToCart(product);
          tracker.track('add_to_cart', { ...itemOf(product), quantity: 1 });
        }}
      >
        Add to cart
      </button>{' '}
      <Link href="/cart">Go to cart</Link>
    </>
  );
}
