// <CartbeaconProvider>: one tracker per provider, created after the first commit on the client (never
// during render, so StrictMode's double render makes no second tracker, and never on the server).
import { createContext, createElement, useEffect, useState } from 'react';
import type { ReactNode } from 'react';
import type { Tracker, TrackerConfig } from '../index.js';
import { deferredTracker } from './deferred.js';

/** The provider's tracker; `null` outside a provider. */
export const TrackerContext = createContext<Tracker | null>(null);

/** Props of `<CartbeaconProvider>`: the `createTracker` options, and the app. */
export interface CartbeaconProviderProps extends TrackerConfig {
  /** The app: every component below can call `useTracker()`. */
  children?: ReactNode;
}

/**
 * Creates one tracker for the components below it (`useTracker()`), with the `createTracker` options
 * as props: `<CartbeaconProvider apiKey="KEY" pageViews="history">…</CartbeaconProvider>`.
 *
 * Renders nothing of its own (no hydration mismatch) and is safe to render on the server, where the
 * tracker is a no-op. The options are read once, when the provider first mounts; calls made before
 * that (children's effects run first) are queued and sent in order with the time they were made.
 */
export function CartbeaconProvider(props: CartbeaconProviderProps): ReactNode {
  const [deferred] = useState(deferredTracker);
  // Read once: the tracker (its device id, session and queue) lives as long as the provider.
  // biome-ignore lint/correctness/useExhaustiveDependencies: the options are read on mount only
  useEffect(() => {
    const { children: _children, ...config } = props;
    deferred.start(config);
  }, [deferred]);
  return createElement(TrackerContext.Provider, { value: deferred.tracker }, props.children);
}
