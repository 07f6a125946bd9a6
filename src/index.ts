// `cartbeacon` npm entry (browser and SSR-safe): re-exports only.
export { createTracker, DEFAULT_HOST } from './core/tracker.js';
export type { Tracker, TrackerConfig, Properties } from './core/tracker.js';
