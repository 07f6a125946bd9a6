import Link from 'next/link';
import { PRODUCTS } from '../lib/catalog';

export default function Home() {
  return (
    <main>
      <h1>Linen &amp; Wool</h1>
      <ul>
        {PRODUCTS.map((p) => (
          <li key={p.id}>
            <Link href={`/products/${p.id}`}>{p.name}</Link>
          </li>
        ))}
      </ul>
    </main>
  );
}
