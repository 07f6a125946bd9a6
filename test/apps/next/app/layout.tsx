import { CartbeaconProvider } from 'cartbeacon/react';
import Link from 'next/link';
import type { ReactNode } from 'react';

// Rendered on the server for every request (the collector's address is read at run time).
export const dynamic = 'force-dynamic';

export const metadata = { title: 'Linen & Wool' };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <CartbeaconProvider apiKey="next-app-key" host={process.env.CARTBEACON_HOST} pageViews="history">
          <nav>
            <Link href="/">Shop</Link> · <Link href="/cart">Cart</Link>
          </nav>
          {children}
        </CartbeaconProvider>
      </body>
    </html>
  );
}
