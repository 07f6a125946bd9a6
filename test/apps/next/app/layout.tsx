import Link from 'next/link';
import type { ReactNode } from 'react';
import { Providers } from './providers';

// Rendered on the server for every request (the collector's address is read at run time).
export const dynamic = 'force-dynamic';

export const metadata = { title: 'Linen & Wool' };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <Providers host={process.env.CARTBEACON_HOST}>
          <nav>
            <Link href="/">Shop</Link> · <Link href="/cart">Cart</Link>
          </nav>
          {children}
        </Providers>
      </body>
    </html>
  );
}
