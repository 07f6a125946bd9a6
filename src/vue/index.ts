// `cartbeacon/vue`: re-exports only.
export { default, TRACKER_KEY } from './plugin.js';
export { useTracker } from './use-tracker.js';
