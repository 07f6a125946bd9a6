'use client';
// The tracker for the whole app, as a client component: its modules (here automatic page views) are
// code, which a server component cannot pass as props.
import { pageViews } from 'cartbeacon';
import { CartbeaconProvider } from 'cartbeacon/react';
import type { ReactNode } from 'react';

export function Providers({ host, children }: { host: string | undefined; children: ReactNode }) {
  return (
    <CartbeaconProvider apiKey="next-app-key" host={host} use={[pageViews()]}>
      {children}
    </CartbeaconProvider>
  );
}
