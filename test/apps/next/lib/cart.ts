'use client';
// The cart: client state shared by the pages (kept across client navigations; empty on the server).
import { useSyncExternalStore } from 'react';
import type { Product } from './catalog';

export interface Line {
  product: Product;
  quantity: number;
}

let lines: Line[] = [];
const listeners = new Set<() => void>();
const EMPTY: Line[] = [];

export function addToCart(product: Product, quantity = 1): void {
  const line = lines.find((l) => l.product.id === product.id);
  lines = line
    ? lines.map((l) => (l === line ? { ...l, quantity: l.quantity + quantity } : l))
    : [...lines, { product, quantity }];
  for (const listener of listeners) listener();
}

export function clearCart(): void {
  lines = [];
  for (const listener of listeners) listener();
}

export function useCart(): Line[] {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => lines,
    () => EMPTY,
  );
}

export const cartTotal = (cart: Line[]): number =>
  Math.round(cart.reduce((sum, l) => sum + l.product.price * l.quantity, 0) * 100) / 100;
