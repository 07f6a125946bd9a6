import { notFound } from 'next/navigation';
import { productById } from '../../../lib/catalog';
import { AddToCart } from './add-to-cart';

export default async function ProductPage({ params }: { params: Promise<{ id: string }> }) {
  const product = productById((await params).id);
  if (!product) notFound();
  return (
    <main>
      <h1>{product.name}</h1>
      <p>€{product.price}</p>
      <AddToCart product={product} />
    </main>
  );
}
