// The shop's products (a real shop would fetch them).
export interface Product {
  id: string;
  name: string;
  price: number;
  sku: string;
}

export const CURRENCY = 'EUR';

export const PRODUCTS: Product[] = [
  { id: 'p1', name: 'Linen shirt', price: 49.99, sku: 'LIN-SHIRT-M' },
  { id: 'p2', name: 'Wool socks', price: 12.5, sku: 'WOOL-SOCK-42' },
];

export const productById = (id: string): Product | undefined => PRODUCTS.find((p) => p.id === id);
