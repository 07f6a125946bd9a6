// `cartbeacon/react`: re-exports only.
export { CartbeaconProvider } from './provider.js';
export type { CartbeaconProviderProps } from './provider.js';
export { useTracker } from './use-tracker.js';
