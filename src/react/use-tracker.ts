// useTracker(): the tracker of the nearest <CartbeaconProvider>.
import { useContext } from 'react';
import type { Tracker } from '../index.js';
import { TrackerContext } from './provider.js';

/**
 * The tracker of the nearest `<CartbeaconProvider>`: the same object on every render (safe in effect
 * dependencies), with the API of `createTracker` (`track`, `identify`, `debug`, `atr`, `logout`, `flush`).
 * Throws when there is no provider above the component: wrap the app in `<CartbeaconProvider>`.
 */
export function useTracker(): Tracker {
  const tracker = useContext(TrackerContext);
  if (!tracker)
    throw new Error('cartbeacon: useTracker() needs a <CartbeaconProvider apiKey="…"> above this component');
  return tracker;
}
