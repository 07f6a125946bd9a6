// The cart: one per app (a new app per request on the server, so carts are never shared).
import { computed, inject, reactive } from 'vue';
import type { App, InjectionKey } from 'vue';
import type { Product } from './catalog';

export interface Line {
  product: Product;
  quantity: number;
}

function createCart() {
  const lines = reactive<Line[]>([]);
  return {
    lines,
    total: computed(() => Math.round(lines.reduce((sum, l) => sum + l.product.price * l.quantity, 0) * 100) / 100),
    add(product: Product, quantity = 1) {
      const line = lines.find((l) => l.product.id === product.id);
      if (line) line.quantity += quantity;
      else lines.push({ product, quantity });
    },
    clear() {
      lines.splice(0);
    },
  };
}

type Cart = ReturnType<typeof createCart>;
const CART: InjectionKey<Cart> = Symbol('cart');

export const installCart = (app: App) => app.provide(CART, createCart());
export const useCart = (): Cart => inject(CART)!;
