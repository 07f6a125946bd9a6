// useTracker(): the tracker the plugin provided to the app.
import { inject } from 'vue';
import type { Tracker } from '../index.js';
import { TRACKER_KEY } from './plugin.js';

/**
 * The app's tracker (`app.use(cartbeacon, …)`), with the API of `createTracker` (`track`, `identify`,
 * `debug`, `atr`, `logout`, `flush`). Call it in `setup()` / `<script setup>`, like any `inject()`.
 * Throws when the plugin is not installed: `app.use(cartbeacon, { apiKey })` first.
 */
export function useTracker(): Tracker {
  const tracker = inject(TRACKER_KEY, null);
  if (!tracker) throw new Error('cartbeacon: useTracker() needs app.use(cartbeacon, { apiKey }) and a setup() context');
  return tracker;
}
